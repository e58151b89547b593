ALTER TABLE "edge_nodes" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "edge_nodes" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_keys" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reentry_policy" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tiers" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tiers" ADD COLUMN "valid_until" timestamp with time zone;