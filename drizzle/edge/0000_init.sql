CREATE TABLE `journal` (
	`seq` integer PRIMARY KEY NOT NULL,
	`ticket_id` text,
	`event_id` text,
	`lane_id` text NOT NULL,
	`direction` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text NOT NULL,
	`hlc` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `journal_ticket_idx` ON `journal` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `manifest_events` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`doors_at` text,
	`keys_json` text NOT NULL,
	`tiers_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `manifest_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
