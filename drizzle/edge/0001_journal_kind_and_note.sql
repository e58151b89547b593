ALTER TABLE `journal` ADD `kind` text DEFAULT 'scan' NOT NULL;--> statement-breakpoint
ALTER TABLE `journal` ADD `note` text;