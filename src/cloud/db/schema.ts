import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Postgres' 64-bit transaction id: the manifest cursor's change stamp (src/sync/cloud/cursor.ts). */
const xid8 = customType<{ data: bigint; driverData: string }>({
  dataType: () => 'xid8',
  fromDriver: (v) => BigInt(v),
  toDriver: (v) => v.toString(),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const orgRole = pgEnum('org_role', ['OWNER', 'ADMIN', 'STAFF']);
export const eventStatus = pgEnum('event_status', ['DRAFT', 'PUBLISHED', 'CANCELLED']);
export const orderStatus = pgEnum('order_status', ['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED']);
export const ticketStatus = pgEnum('ticket_status', ['VALID', 'CANCELLED', 'REFUNDED']);
export const reentryPolicy = pgEnum('reentry_policy', ['single', 'reentry', 'unlimited']);
export const waitlistStatus = pgEnum('waitlist_status', ['WAITING', 'OFFERED', 'LEFT']);
export const discountKind = pgEnum('discount_kind', ['PERCENT', 'FIXED']);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Platform operator (TIXMO_PLATFORM_ADMINS): acts as OWNER of every organization. */
  platformAdmin: boolean('platform_admin').notNull().default(false),
  /** Soft delete: the row stays (orders and tickets point at it) but its personal data is wiped. */
  deletedAt: tstz('deleted_at'),
  createdAt: createdAt(),
});

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    familyId: text('family_id').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.familyId)],
);

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Soft delete: the row stays for the orders and tickets of its past events; nobody can reach it. */
  deletedAt: tstz('deleted_at'),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: orgRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const venues = pgTable(
  'venues',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    address: text('address'),
    capacity: integer('capacity').notNull(),
    timezone: text('timezone').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('venues_org_idx').on(t.orgId)],
);

export const edgeNodes = pgTable(
  'edge_nodes',
  {
    id: text('id').primaryKey(),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Highest journal seq of this node stored in `scans`; all below it are stored too. */
    ackedSeq: bigint('acked_seq', { mode: 'number' }).notNull().default(0),
    lastSeenAt: tstz('last_seen_at'),
    /** The node's own report of its sync state (src/sync/protocol.ts heartbeat), for ops. */
    state: jsonb('state').$type<Record<string, unknown>>(),
    heartbeatAt: tstz('heartbeat_at'),
    /** A revoked node's token no longer authenticates (its organization was deleted). */
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('edge_nodes_venue_idx').on(t.venueId)],
);

export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    name: text('name').notNull(),
    status: eventStatus('status').notNull().default('DRAFT'),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    doorsAt: tstz('doors_at'),
    publishedAt: tstz('published_at'),
    /** What the gate allows after a first entry; sent in the manifest. */
    reentryPolicy: reentryPolicy('reentry_policy').notNull().default('reentry'),
    category: text('category'),
    tags: jsonb('tags').notNull().$type<string[]>().default([]),
    description: text('description'),
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_venue_idx').on(t.venueId),
    index('events_org_idx').on(t.orgId),
    index('events_listing_idx').on(t.status, t.startsAt, t.id),
  ],
);

/** Ed25519 key pairs that sign ticket codes; made at publish. */
export const eventKeys = pgTable(
  'event_keys',
  {
    kid: text('kid').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    publicJwk: jsonb('public_jwk').notNull().$type<Record<string, unknown>>(),
    privateJwk: jsonb('private_jwk').notNull().$type<Record<string, unknown>>(),
    /** A revoked key leaves the manifest, so codes it signed stop verifying at the gates. */
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('event_keys_event_idx').on(t.eventId)],
);

export const tiers = pgTable(
  'tiers',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    currency: text('currency').notNull().default('USD'),
    quantity: integer('quantity').notNull(),
    /** Held by pending orders plus sold; taken with a conditional update so it never passes `quantity`. */
    reserved: integer('reserved').notNull().default(0),
    sold: integer('sold').notNull().default(0),
    maxPerOrder: integer('max_per_order').notNull().default(10),
    minPerOrder: integer('min_per_order').notNull().default(1),
    saleStartsAt: tstz('sale_starts_at'),
    saleEndsAt: tstz('sale_ends_at'),
    /** Admission window at the gate (e.g. a day pass); null = the event's. Sent in the manifest. */
    validFrom: tstz('valid_from'),
    validUntil: tstz('valid_until'),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    transferable: boolean('transferable').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('tiers_event_idx').on(t.eventId)],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    status: orderStatus('status').notNull(),
    totalCents: integer('total_cents').notNull(),
    currency: text('currency').notNull(),
    expiresAt: tstz('expires_at'),
    confirmedAt: tstz('confirmed_at'),
    /** Sum of recorded refunds (box office or Stripe, ours or from the Stripe dashboard). */
    refundedCents: integer('refunded_cents').notNull().default(0),
    disputed: boolean('disputed').notNull().default(false),
    /** Why the order is in its state when that is not obvious (a late payment refunded, a mismatch). */
    statusReason: text('status_reason'),
    subtotalCents: integer('subtotal_cents').notNull().default(0),
    discountCents: integer('discount_cents').notNull().default(0),
    promoCodeId: text('promo_code_id').references(() => promoCodes.id),
    /** Client-chosen `Idempotency-Key`, unique per buyer, with a hash of the body it came with. */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    /** Set when the event is cancelled: the money has to go back. */
    refundDue: boolean('refund_due').notNull().default(false),
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('orders_user_idx').on(t.userId),
    // With the id: an event's orders page by keyset (CSV export) from the index alone.
    index('orders_event_idx').on(t.eventId, t.id),
    index('orders_pending_idx').on(t.status, t.expiresAt),
    uniqueIndex('orders_idempotency_idx').on(t.userId, t.idempotencyKey),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    tierId: text('tier_id')
      .notNull()
      .references(() => tiers.id),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (t) => [index('order_items_order_idx').on(t.orderId)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    /** Denormalized so the manifest feed reads one index per venue. */
    venueId: text('venue_id')
      .notNull()
      .references(() => venues.id),
    tierId: text('tier_id')
      .notNull()
      .references(() => tiers.id),
    holderId: text('holder_id')
      .notNull()
      .references(() => users.id),
    status: ticketStatus('status').notNull().default('VALID'),
    version: integer('version').notNull().default(1),
    code: text('code').notNull(),
    attendeeName: text('attendee_name'),
    attendeeEmail: text('attendee_email'),
    /** Id of the transaction that last changed this row; every write must set it (see setChanged). */
    changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
    /** When status last left VALID (refund, cancellation): reconciliation flags admissions after it. */
    statusChangedAt: tstz('status_changed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('tickets_manifest_idx').on(t.venueId, t.changeXid, t.id),
    index('tickets_holder_idx').on(t.holderId),
    index('tickets_order_idx').on(t.orderId),
    // An event's tickets in id order: the attendee export's keyset pages.
    index('tickets_event_idx').on(t.eventId, t.id),
    // Door figures count ended tickets per tier; VALID ones (the order path's inserts) stay out of it.
    index('tickets_ended_idx').on(t.eventId, t.tierId, t.status).where(sql`${t.status} <> 'VALID'`),
  ],
);

/**
 * Discounts an organization offers on one event. `uses` counts orders that hold or
 * bought with the code; it is raised with a conditional update so it never passes `maxUses`.
 */
export const promoCodes = pgTable(
  'promo_codes',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    /** Stored trimmed and upper-case: codes are case-insensitive. */
    code: text('code').notNull(),
    kind: discountKind('kind').notNull(),
    /** Percent (1–100) for PERCENT, cents for FIXED. */
    amount: integer('amount').notNull(),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    minOrderCents: integer('min_order_cents').notNull().default(0),
    /** Tier ids the code applies to; empty = every tier of the event. */
    tierIds: jsonb('tier_ids').notNull().$type<string[]>().default([]),
    validFrom: tstz('valid_from'),
    validUntil: tstz('valid_until'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('promo_codes_event_code_idx').on(t.eventId, t.code)],
);

/**
 * Buyers waiting for a sold-out tier, first come first served. An offer is a held order
 * made for the buyer (`orderId`): paying it claims the tickets; letting the hold run out
 * passes the tickets to the next in line.
 */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: text('id').primaryKey(),
    tierId: text('tier_id')
      .notNull()
      .references(() => tiers.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    quantity: integer('quantity').notNull(),
    status: waitlistStatus('status').notNull().default('WAITING'),
    orderId: text('order_id').references(() => orders.id),
    offeredAt: tstz('offered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('waitlist_queue_idx').on(t.tierId, t.status, t.createdAt),
    index('waitlist_user_idx').on(t.userId),
  ],
);

/** One Stripe PaymentIntent per order, made with an idempotency key derived from the order. */
export const payments = pgTable('payments', {
  orderId: text('order_id')
    .primaryKey()
    .references(() => orders.id),
  paymentIntentId: text('payment_intent_id').notNull().unique(),
  clientSecret: text('client_secret').notNull(),
  amountCents: integer('amount_cents').notNull(),
  currency: text('currency').notNull(),
  /** Stripe's PaymentIntent status as last heard from a webhook. */
  status: text('status').notNull(),
  lastError: text('last_error'),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/** Webhook event ids already applied: the unique key makes a redelivery a no-op. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: tstz('received_at').notNull().defaultNow(),
});

export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    amountCents: integer('amount_cents').notNull(),
    ticketIds: jsonb('ticket_ids').notNull().$type<string[]>(),
    /** box_office: recorded only; stripe: sent to Stripe after the commit. */
    provider: text('provider').notNull(),
    /** pending (Stripe call not yet made or failed transiently), succeeded, failed. */
    status: text('status').notNull(),
    providerRefundId: text('provider_refund_id'),
    reason: text('reason'),
    lastError: text('last_error'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('refunds_order_idx').on(t.orderId), index('refunds_status_idx').on(t.status)],
);

/** Every scan any edge node uploaded, exactly once per (nodeId, seq). */
export const scans = pgTable(
  'scans',
  {
    nodeId: text('node_id')
      .notNull()
      .references(() => edgeNodes.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    ticketId: text('ticket_id'),
    eventId: text('event_id'),
    laneId: text('lane_id').notNull(),
    direction: text('direction').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    hlc: text('hlc').notNull(),
    at: tstz('at').notNull(),
    /** scan (null = scan), manual_admit or annul (src/sync/protocol.ts journalKindSchema). */
    kind: text('kind'),
    note: text('note'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.nodeId, t.seq] }),
    index('scans_event_idx').on(t.eventId, t.decision),
    index('scans_ticket_idx').on(t.ticketId),
    // Occupancy over time (peak) walks an event's admissions in HLC order from the index alone.
    index('scans_occupancy_idx')
      .on(t.eventId, t.hlc, t.nodeId, t.direction, t.kind, t.at)
      .where(sql`${t.decision} = 'admit'`),
  ],
);

/**
 * Each ticket's state at the gates (src/cloud/checkins/), derived from its venue's uploaded
 * admissions in HLC order. Kept beside the ticket rather than in it: a scan must not touch
 * the ticket row, whose change stamp drives the manifest feed.
 */
export const ticketCheckins = pgTable(
  'ticket_checkins',
  {
    ticketId: text('ticket_id')
      .primaryKey()
      .references(() => tickets.id),
    eventId: text('event_id').notNull(),
    tierId: text('tier_id').notNull(),
    /** The first admission that still stands (null when every admission was annulled). */
    checkedInAt: tstz('checked_in_at'),
    /** The latest passage (entry or exit) in HLC order. */
    lastScanAt: tstz('last_scan_at'),
    inside: boolean('inside').notNull().default(false),
  },
  (t) => [index('ticket_checkins_event_idx').on(t.eventId, t.tierId)],
);

/**
 * Door rollup (src/cloud/analytics/door.*): uploaded scans counted per event, 5-minute UTC
 * slot, node, lane and outcome, added to in the ingest transaction. kind is the journal
 * kind, 'scan' for a plain read.
 */
export const scanSlots = pgTable(
  'scan_slots',
  {
    eventId: text('event_id').notNull(),
    slot: tstz('slot').notNull(),
    nodeId: text('node_id').notNull(),
    laneId: text('lane_id').notNull(),
    direction: text('direction').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    kind: text('kind').notNull(),
    count: integer('count').notNull(),
    lastAt: tstz('last_at').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.eventId, t.slot, t.nodeId, t.laneId, t.direction, t.decision, t.reason, t.kind],
    }),
  ],
);

/**
 * Sales rollup per organization, 15-minute UTC slot (every time zone's hours and days
 * start on one) and currency, kept by database triggers on orders, order_items and
 * refunds (drizzle/cloud migration `sales_rollup`), so every path that confirms or refunds
 * is counted. Concurrent orders spread over a few `shard` rows instead of queueing on one.
 */
export const salesSlots = pgTable(
  'sales_slots',
  {
    orgId: text('org_id').notNull(),
    slot: tstz('slot').notNull(),
    currency: text('currency').notNull(),
    shard: integer('shard').notNull(),
    orders: integer('orders').notNull().default(0),
    tickets: integer('tickets').notNull().default(0),
    grossCents: bigint('gross_cents', { mode: 'number' }).notNull().default(0),
    discountCents: bigint('discount_cents', { mode: 'number' }).notNull().default(0),
    refunds: integer('refunds').notNull().default(0),
    refundedCents: bigint('refunded_cents', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.slot, t.currency, t.shard] })],
);

/** Marks a ticket row as changed by the current transaction, so the manifest feed hands it out again. */
export const changedNow = sql`pg_current_xact_id()`;
