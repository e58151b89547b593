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
--> statement-breakpoint
-- Hand-written (drizzle-kit cannot express triggers): keeps sales_slots, the per-organization
-- 15-minute sales rollup (src/cloud/analytics/sales-source.ts), in step with every path that
-- confirms an order or records a refund, in the same transaction.
CREATE FUNCTION tixmo_sales_add(p_event text, p_at timestamptz, p_currency text, p_orders int, p_tickets int,
  p_gross bigint, p_discount bigint, p_refunds int, p_refunded bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- A random shard of four: concurrent orders of one organization rarely wait on one row.
  INSERT INTO sales_slots AS s (org_id, slot, currency, shard, orders, tickets, gross_cents, discount_cents, refunds, refunded_cents)
  SELECT e.org_id, date_bin('15 minutes', p_at, timestamptz '2000-01-01 00:00:00+00'), p_currency,
    floor(random() * 4)::int, p_orders, p_tickets, p_gross, p_discount, p_refunds, p_refunded
  FROM events e WHERE e.id = p_event
  ON CONFLICT (org_id, slot, currency, shard) DO UPDATE SET
    orders = s.orders + excluded.orders, tickets = s.tickets + excluded.tickets,
    gross_cents = s.gross_cents + excluded.gross_cents, discount_cents = s.discount_cents + excluded.discount_cents,
    refunds = s.refunds + excluded.refunds, refunded_cents = s.refunded_cents + excluded.refunded_cents;
END $$;
--> statement-breakpoint
-- An order counts once it is confirmed, in the slot of its confirmation. Its tickets are
-- counted by the item trigger when the items are written after the confirmation (an
-- order confirmed at creation), and here when they were written before (a paid hold).
CREATE FUNCTION tixmo_sales_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tixmo_sales_add(NEW.event_id, NEW.confirmed_at, NEW.currency, 1,
    CASE WHEN TG_OP = 'INSERT' THEN 0
      ELSE (SELECT coalesce(sum(i.quantity), 0) FROM order_items i WHERE i.order_id = NEW.id)::int END,
    NEW.subtotal_cents, NEW.discount_cents, 0, 0);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_sales_insert AFTER INSERT ON orders FOR EACH ROW
  WHEN (NEW.confirmed_at IS NOT NULL) EXECUTE FUNCTION tixmo_sales_order();
--> statement-breakpoint
CREATE TRIGGER orders_sales_confirm AFTER UPDATE OF confirmed_at ON orders FOR EACH ROW
  WHEN (OLD.confirmed_at IS NULL AND NEW.confirmed_at IS NOT NULL) EXECUTE FUNCTION tixmo_sales_order();
--> statement-breakpoint
CREATE FUNCTION tixmo_sales_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tixmo_sales_add(o.event_id, o.confirmed_at, o.currency, 0, NEW.quantity, 0, 0, 0, 0)
  FROM orders o WHERE o.id = NEW.order_id AND o.confirmed_at IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_items_sales AFTER INSERT ON order_items FOR EACH ROW EXECUTE FUNCTION tixmo_sales_item();
--> statement-breakpoint
-- Refunds of sold orders count in the slot they were recorded in; a failed one does not
-- (money that never went back), and stops counting when it turns failed.
CREATE FUNCTION tixmo_sales_refund() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE sign int := CASE WHEN NEW.status = 'failed' THEN -1 ELSE 1 END;
BEGIN
  PERFORM tixmo_sales_add(o.event_id, NEW.created_at, o.currency, 0, 0, 0, 0, sign, sign * NEW.amount_cents)
  FROM orders o WHERE o.id = NEW.order_id AND o.confirmed_at IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER refunds_sales_insert AFTER INSERT ON refunds FOR EACH ROW
  WHEN (NEW.status <> 'failed') EXECUTE FUNCTION tixmo_sales_refund();
--> statement-breakpoint
CREATE TRIGGER refunds_sales_status AFTER UPDATE OF status ON refunds FOR EACH ROW
  WHEN ((OLD.status = 'failed') <> (NEW.status = 'failed')) EXECUTE FUNCTION tixmo_sales_refund();
--> statement-breakpoint
-- What was sold and refunded before this migration.
INSERT INTO sales_slots (org_id, slot, currency, shard, orders, tickets, gross_cents, discount_cents, refunds, refunded_cents)
SELECT org_id, slot, currency, 0, sum(orders), sum(tickets), sum(gross), sum(discount), sum(refunds), sum(refunded)
FROM (
  SELECT e.org_id, date_bin('15 minutes', o.confirmed_at, timestamptz '2000-01-01 00:00:00+00') AS slot, o.currency,
    1 AS orders, (SELECT coalesce(sum(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id)::int AS tickets,
    o.subtotal_cents::bigint AS gross, o.discount_cents::bigint AS discount, 0 AS refunds, 0::bigint AS refunded
  FROM orders o JOIN events e ON e.id = o.event_id WHERE o.confirmed_at IS NOT NULL
  UNION ALL
  SELECT e.org_id, date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00:00+00'), o.currency,
    0, 0, 0, 0, 1, r.amount_cents::bigint
  FROM refunds r JOIN orders o ON o.id = r.order_id JOIN events e ON e.id = o.event_id
  WHERE o.confirmed_at IS NOT NULL AND r.status <> 'failed'
) sold
GROUP BY org_id, slot, currency;
--> statement-breakpoint
DROP INDEX "orders_event_idx";--> statement-breakpoint
CREATE INDEX "tickets_event_idx" ON "tickets" USING btree ("event_id","id");--> statement-breakpoint
CREATE INDEX "orders_event_idx" ON "orders" USING btree ("event_id","id");
