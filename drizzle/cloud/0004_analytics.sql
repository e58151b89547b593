CREATE TABLE "sales_slots" (
	"org_id" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"shard" integer NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"tickets" integer DEFAULT 0 NOT NULL,
	"gross_cents" bigint DEFAULT 0 NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunded_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_slots_org_id_slot_currency_shard_pk" PRIMARY KEY("org_id","slot","currency","shard")
);
--> statement-breakpoint
CREATE TABLE "scan_slots" (
	"event_id" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"node_id" text NOT NULL,
	"lane_id" text NOT NULL,
	"direction" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "scan_slots_event_id_slot_node_id_lane_id_direction_decision_reason_kind_pk" PRIMARY KEY("event_id","slot","node_id","lane_id","direction","decision","reason","kind")
);
--> statement-breakpoint
CREATE TABLE "ticket_checkins" (
	"ticket_id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"tier_id" text NOT NULL,
	"checked_in_at" timestamp with time zone,
	"last_scan_at" timestamp with time zone,
	"inside" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_checkins" ADD CONSTRAINT "ticket_checkins_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_checkins_event_idx" ON "ticket_checkins" USING btree ("event_id","tier_id");--> statement-breakpoint
CREATE INDEX "scans_occupancy_idx" ON "scans" USING btree ("event_id","hlc","node_id","direction","kind","at") WHERE "scans"."decision" = 'admit';--> statement-breakpoint
CREATE INDEX "tickets_ended_idx" ON "tickets" USING btree ("event_id","tier_id","status") WHERE "tickets"."status" <> 'VALID';