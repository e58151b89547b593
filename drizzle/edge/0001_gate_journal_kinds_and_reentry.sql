ALTER TABLE `journal` ADD `kind` text DEFAULT 'scan' NOT NULL;--> statement-breakpoint
ALTER TABLE `journal` ADD `note` text;--> statement-breakpoint
ALTER TABLE `manifest_events` ADD `reentry_policy` text;