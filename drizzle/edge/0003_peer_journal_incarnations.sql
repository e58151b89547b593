PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_peer_journal` (
	`node_id` text NOT NULL,
	`incarnation` text DEFAULT '' NOT NULL,
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
	PRIMARY KEY(`node_id`, `incarnation`, `seq`)
);
--> statement-breakpoint
INSERT INTO `__new_peer_journal`("node_id", "incarnation", "seq", "ticket_id", "event_id", "lane_id", "direction", "decision", "reason", "kind", "hlc", "at") SELECT "node_id", '', "seq", "ticket_id", "event_id", "lane_id", "direction", "decision", "reason", "kind", "hlc", "at" FROM `peer_journal`;--> statement-breakpoint
DROP TABLE `peer_journal`;--> statement-breakpoint
ALTER TABLE `__new_peer_journal` RENAME TO `peer_journal`;--> statement-breakpoint
PRAGMA foreign_keys=ON;