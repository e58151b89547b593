import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The venue's events as the cloud last described them (keys and tiers as JSON). */
export const manifestEvents = sqliteTable('manifest_events', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status').notNull(),
  startsAt: text('starts_at').notNull(),
  endsAt: text('ends_at').notNull(),
  doorsAt: text('doors_at'),
  /** single | reentry | unlimited; null = the protocol's default (reentry). */
  reentryPolicy: text('reentry_policy'),
  keysJson: text('keys_json').notNull(),
  tiersJson: text('tiers_json').notNull(),
});

export const manifestTickets = sqliteTable('manifest_tickets', {
  id: text('id').primaryKey(),
  eventId: text('event_id').notNull(),
  tierId: text('tier_id').notNull(),
  status: text('status').notNull(),
  version: integer('version').notNull(),
});

/**
 * Append-only scan journal. `seq` is gap-free per node (assigned inside the write
 * transaction); a row is committed with synchronous=FULL before the gate opens.
 */
export const journal = sqliteTable(
  'journal',
  {
    seq: integer('seq').primaryKey(),
    ticketId: text('ticket_id'),
    eventId: text('event_id'),
    laneId: text('lane_id').notNull(),
    direction: text('direction').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    hlc: text('hlc').notNull(),
    at: text('at').notNull(),
    /** scan, manual_admit or annul (protocol journalKindSchema); staff actions are journalled like scans. */
    kind: text('kind').notNull().default('scan'),
    /** Staff's reason for a manual admission or an annulment. */
    note: text('note'),
  },
  (t) => [index('journal_ticket_idx').on(t.ticketId)],
);

/** Small durable settings: manifest cursor, node identity, upload acknowledgement. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Journal rows of the venue's other edge nodes, received by gossip (src/sync/peer), and
 * admissions the cloud handed over when this data dir started (rows of any node,
 * including earlier lives of this one): each stored once per (nodeId, incarnation, seq)
 * and kept across restarts, so a restarted node still knows who its peers let in. The
 * node's own journal stays in `journal`.
 */
export const peerJournal = sqliteTable(
  'peer_journal',
  {
    nodeId: text('node_id').notNull(),
    /** The origin's journal life ('' = from before incarnations existed). */
    incarnation: text('incarnation').notNull().default(''),
    seq: integer('seq').notNull(),
    ticketId: text('ticket_id'),
    eventId: text('event_id'),
    laneId: text('lane_id').notNull(),
    direction: text('direction').notNull(),
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    kind: text('kind'),
    hlc: text('hlc').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.incarnation, t.seq] })],
);
