CREATE TABLE `peer_journal` (
	`node_id` text NOT NULL,
	`seq` integer NOT NULL,
	`ticket_id` text,
	`event_id` text,
	`lane_id` text NOT NULL,
	`direction` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`kind` text,
	`hlc` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`node_id`, `seq`)
);
