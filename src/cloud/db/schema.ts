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
  /** When the owner proved the address (the link in the welcome mail); null = not yet. */
  emailVerifiedAt: tstz('email_verified_at'),
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
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    // "Is this session still open?" (live-accounts.ts): a long session's family holds a revoked row per rotation.
    index('refresh_tokens_open_family_idx').on(t.familyId).where(sql`${t.revokedAt} is null`),
  ],
);

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Display name on its buyers' mails (From); null = the organization's name. */
  mailSenderName: text('mail_sender_name'),
  /** Where buyers' replies to its mails go (Reply-To); null = no Reply-To. */
  mailReplyTo: text('mail_reply_to'),
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

/**
 * Organization API keys for scripts and integrations. The key is shown once; only its
 * SHA-256 is kept (it has 256 random bits, so a fast hash is enough). `prefix` is the
 * key's public part (`tixmo_<10 hex>`): it finds the row and names the key in lists.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull().unique(),
    keyHash: text('key_hash').notNull(),
    /** What the key may do (src/cloud/api-keys/scopes.ts). */
    scopes: jsonb('scopes').notNull().$type<string[]>(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    /** Written at most once a minute per key (api-keys.service.ts). */
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_org_idx').on(t.orgId)],
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
    /**
     * Highest journal seq stored in `scans` for the journal life that uploaded last (each
     * life's own ack is the top of its gap-free run in `scans`; see edge_node_lives).
     */
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
    /**
     * The private key in plain text, as versions before sealing wrote it; moved into
     * `privateKeySealed` and cleared at start (src/cloud/events/key-migration.ts).
     */
    privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>(),
    /** The private key sealed with the key-encryption key, which is not in the database (key-vault.ts). */
    privateKeySealed: text('private_key_sealed'),
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
    /** Who confirmed the order by hand (box office); null when its payment (or a zero total) did. */
    /** Who confirmed it by hand: a user id, or `apikey:<id>:<org>` for an API key (hence no foreign key). */
    confirmedBy: text('confirmed_by'),
    /** Why it was confirmed by hand (required of an OWNER when card payments are on). */
    confirmationReason: text('confirmation_reason'),
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
    /**
     * True when the statement that placed the order confirmed it and counted it in
     * sales_slots itself (the one-statement order, orders/one-statement.ts); the sales
     * triggers count every other confirmation.
     */
    salesCounted: boolean('sales_counted').notNull().default(false),
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
    index('waitlist_order_idx').on(t.orderId),
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
  /** Set when the event was signed but unusable (no or a malformed object): refused once, then acknowledged. */
  problem: text('problem'),
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

/**
 * The journal lives of each edge node: a data dir that starts a journal makes a new
 * incarnation (a wiped or replaced SD card starts its seqs at 1 again). Kept so ops see
 * when a node was re-imaged and whether its earlier life left scans behind.
 */
export const edgeNodeLives = pgTable(
  'edge_node_lives',
  {
    nodeId: text('node_id')
      .notNull()
      .references(() => edgeNodes.id),
    /** '' = the life from before incarnations existed. */
    incarnation: text('incarnation').notNull(),
    firstSeenAt: tstz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    /** The last seq this life said it journaled (heartbeat), to tell what it never uploaded. */
    reportedSeq: bigint('reported_seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.incarnation] })],
);

/** Every scan any edge node uploaded, exactly once per (nodeId, incarnation, seq). */
export const scans = pgTable(
  'scans',
  {
    nodeId: text('node_id')
      .notNull()
      .references(() => edgeNodes.id),
    /** The node's journal life (edge_node_lives); '' = from before incarnations existed. */
    incarnation: text('incarnation').notNull().default(''),
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
    primaryKey({ columns: [t.nodeId, t.incarnation, t.seq] }),
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

/**
 * The outbox: one row per thing that happened and should be told (an order confirmed, a
 * refund, an event moved, a reminder due). Written in the same transaction as the change
 * itself, so a rollback takes the message with it and a commit can never lose it. The
 * worker fans each row out into `deliveries` (one per channel and recipient) once
 * `due_at` has come (src/cloud/notifications/, docs/notifications.md).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** What happened: `order.confirmed`, `event.reminder`, … (src/cloud/notifications/kinds.ts). */
    kind: text('kind').notNull(),
    orgId: text('org_id'),
    /** The account it concerns (buyer, holder), when there is one. */
    userId: text('user_id'),
    /** The order, ticket, event, refund, waitlist entry or token it is about. */
    refId: text('ref_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    /** Not before this (scheduled reminders); now for everything else. */
    dueAt: tstz('due_at').notNull().defaultNow(),
    fannedOutAt: tstz('fanned_out_at'),
    /** A scheduled row that no longer applies (a reminder of an event moved or cancelled). */
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.dueAt).where(sql`${t.fannedOutAt} is null and ${t.cancelledAt} is null`),
    // Only reminders are looked up by what they are about (to move or cancel them with their event).
    index('outbox_reminder_idx').on(t.refId).where(sql`${t.kind} = 'event.reminder'`),
  ],
);

/**
 * One message to one recipient over one channel (`email` now; webhooks and in-app
 * later). Its id is the message's stable id (the mail's Message-ID), so a retry or a
 * resend after a crash carries the same one. Claimed with FOR UPDATE SKIP LOCKED and a
 * lease (`next_attempt_at`), so several instances never take the same row at once.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    outboxId: text('outbox_id')
      .notNull()
      .references(() => outbox.id),
    channel: text('channel').notNull(),
    /** What to send: the template (email) or event type (webhook). */
    template: text('template').notNull(),
    /** A user id (email, in-app) or an endpoint id (webhook). */
    recipient: text('recipient').notNull(),
    /** The address used at the last attempt, for whoever looks into a failure. */
    address: text('address'),
    orgId: text('org_id'),
    /** pending, sending (claimed; the lease ends at next_attempt_at), sent, failed, cancelled. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deliveries_once_idx').on(t.outboxId, t.channel, t.template, t.recipient),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('deliveries_org_idx').on(t.orgId, t.status, t.id),
  ],
);

/**
 * Single-use links mailed to an account (address verification, password reset). The
 * token itself is never stored: it is `<id>.<HMAC of the id>` under a key derived from
 * the JWT secret, so a copy of the database yields no usable link.
 */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** verify or reset */
    purpose: text('purpose').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('email_tokens_user_idx').on(t.userId, t.purpose)],
);

/**
 * The in-app inbox: one row per thing a user was told in the app, written by the in-app
 * channel at fan-out (one per outbox row and recipient: the unique key makes a repeated
 * fan-out harmless). Title and text are fixed when written; `ref_id` names what it is about.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    outboxId: text('outbox_id').notNull(),
    orgId: text('org_id'),
    kind: text('kind').notNull(),
    /** transactional, reminders or organizerMessages (src/cloud/notifications/categories.ts). */
    category: text('category').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    refId: text('ref_id'),
    readAt: tstz('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_once_idx').on(t.outboxId, t.userId),
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** What a user turned off, per category and channel; no row means everything is on. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    category: text('category').notNull(),
    email: boolean('email').notNull().default(true),
    inApp: boolean('in_app').notNull().default(true),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/** A message an OWNER/ADMIN sent to the holders of an event (or of one tier), with who sent it. */
export const organizerMessages = pgTable(
  'organizer_messages',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    /** null: every holder of the event. */
    tierId: text('tier_id').references(() => tiers.id),
    senderId: text('sender_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Holders when it was sent (each one's preferences are applied at fan-out). */
    recipientCount: integer('recipient_count').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('organizer_messages_event_idx').on(t.eventId, t.id)],
);

/**
 * An organization's webhook endpoint: a URL its own systems listen on, the event types
 * it wants (docs/notifications.md) and its signing secret, sealed (AES-GCM under a key
 * outside the database), so a database dump holds no usable secret.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id),
    url: text('url').notNull(),
    description: text('description'),
    /** Event types (`order.paid`, `checkin.created`, …) it is sent. */
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createdBy: text('created_by').references(() => users.id),
    /** Set by an OWNER/ADMIN or after sustained failure; a disabled endpoint is sent nothing. */
    disabledAt: tstz('disabled_at'),
    disabledReason: text('disabled_reason'),
    /** The first failure since the last success: the endpoint is disabled once this is old enough. */
    failingSince: tstz('failing_since'),
    lastSuccessAt: tstz('last_success_at'),
    deletedAt: tstz('deleted_at'),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId)],
);
