ALTER TABLE "event_keys" ALTER COLUMN "private_jwk" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "event_keys" ADD COLUMN "private_key_sealed" text;