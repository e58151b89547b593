import { z } from 'zod';

/**
 * The wire protocol between cloud and edge (docs/architecture.md §6). Both sides parse every
 * payload they receive with these schemas. Extend by adding optional fields; never
 * rename or remove one (docs/contract.md).
 */

export const scanReasons = [
  'ok',
  'malformed',
  'bad_signature',
  'wrong_event',
  'not_yet_valid',
  'expired',
  'revoked',
  'cancelled',
  'tier_not_allowed',
  'already_inside',
  'not_inside',
  'unknown_ticket',
  /** Hard anti-passback: peers unreachable too long, so whether the ticket is inside cannot be confirmed. */
  'unconfirmed',
  /** The journal cannot be written (disk full, I/O error): refused without opening, answered but never journalled. */
  'storage',
  /** The node has never received a manifest (first boot, cloud unreachable): it knows no event or key yet. */
  'no_manifest',
  /**
   * The node started with an empty journal (a new or wiped data dir) and is still
   * learning who is inside from the cloud and its peers (docs/journal-incarnations.md).
   */
  'rebuilding',
] as const;
export const scanReasonSchema = z.enum(scanReasons);
export type ScanReason = z.infer<typeof scanReasonSchema>;

export const directionSchema = z.enum(['entry', 'exit']);
export type Direction = z.infer<typeof directionSchema>;

export const decisionSchema = z.enum(['admit', 'reject']);
export type Decision = z.infer<typeof decisionSchema>;

export const ticketStatusSchema = z.enum(['VALID', 'CANCELLED', 'REFUNDED']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

const isoTime = z.iso.datetime({ offset: true });

export const reentryPolicySchema = z.enum(['single', 'reentry', 'unlimited']);
export type ReentryPolicy = z.infer<typeof reentryPolicySchema>;

/**
 * scan (when absent): a device read; manual_admit: staff let someone in by hand; annul: staff
 * undid an admission; direction: staff switched a `both` lane (`direction` is the new one;
 * decision reject and no ticket, so nothing counts it as a passage).
 */
export const journalKindSchema = z.enum(['scan', 'manual_admit', 'annul', 'direction']);
export type JournalKind = z.infer<typeof journalKindSchema>;

export const manifestEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']),
  startsAt: isoTime,
  endsAt: isoTime,
  doorsAt: isoTime.nullable().optional(),
  keys: z.array(z.object({ kid: z.string(), publicJwk: z.record(z.string(), z.unknown()) })),
  tiers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** Per-tier admission window (e.g. a day pass); null or absent = the event's. */
      validFrom: isoTime.nullable().optional(),
      validUntil: isoTime.nullable().optional(),
    }),
  ),
  /** single: one entry ever; reentry (when absent): again after an exit; unlimited: no anti-passback. */
  reentryPolicy: reentryPolicySchema.optional(),
});
export type ManifestEvent = z.infer<typeof manifestEventSchema>;

export const manifestTicketSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  tierId: z.string(),
  status: ticketStatusSchema,
  version: z.number().int().min(1),
});
export type ManifestTicket = z.infer<typeof manifestTicketSchema>;

export const manifestPageSchema = z.object({
  node: z.object({ id: z.string(), venueId: z.string(), name: z.string() }),
  venue: z.object({ id: z.string(), name: z.string(), capacity: z.number().int(), timezone: z.string() }),
  /** Every event of the venue, in full, on every page: few and small. */
  events: z.array(manifestEventSchema),
  /** Tickets changed after `cursor` in the request, oldest change first. */
  tickets: z.array(manifestTicketSchema),
  /** Opaque; send it back to continue. Never skips a committed change. */
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Changes still to fetch after this page (for progress). */
  remaining: z.number().int().min(0),
});
export type ManifestPage = z.infer<typeof manifestPageSchema>;

export const manifestQuerySchema = z.object({
  cursor: z.string().max(512).default(''),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/**
 * A node's journal life: made when a data dir starts its journal, so a wiped or replaced
 * data dir, whose seqs start again at 1, never collides with what an earlier life of the
 * same node uploaded. Rows are identified by (nodeId, incarnation, seq); absent = the
 * node's life from before incarnations existed (stored as '').
 */
export const incarnationSchema = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be 1-64 letters, digits, - or _');

export const uploadedScanSchema = z.object({
  seq: z.number().int().min(1),
  /** The journal life of the row (see incarnationSchema); absent = the pre-incarnation life. */
  incarnation: incarnationSchema.optional(),
  ticketId: z.string().max(64).nullable(),
  eventId: z.string().max(64).nullable(),
  laneId: z.string().min(1).max(64),
  direction: directionSchema,
  decision: decisionSchema,
  reason: scanReasonSchema,
  /** Hybrid logical clock timestamp (src/shared/hlc.ts). */
  hlc: z.string().min(1).max(128),
  at: isoTime,
  kind: journalKindSchema.optional(),
  /** Staff's reason for a manual admission or an annulment. */
  note: z.string().max(500).nullable().optional(),
});
export type UploadedScan = z.infer<typeof uploadedScanSchema>;

export const scanBatchSchema = z.object({
  nodeId: z.string(),
  scans: z.array(uploadedScanSchema).min(1).max(1000),
});
export type ScanBatch = z.infer<typeof scanBatchSchema>;

export const scanAckSchema = z.object({
  /** Highest seq of this node's journal life the cloud holds; every seq up to it is stored exactly once. */
  ackedSeq: z.number().int().min(0),
  accepted: z.number().int().min(0),
  /** The life the ack is for (absent: the pre-incarnation life, or a cloud older than incarnations). */
  incarnation: incarnationSchema.optional(),
});
export type ScanAck = z.infer<typeof scanAckSchema>;

/** Long-poll for a manifest change (GET /sync/wait): answers when the venue's manifest changed or at the timeout. */
export const manifestWaitQuerySchema = z.object({
  cursor: z.string().max(512).default(''),
  timeoutMs: z.coerce.number().int().min(0).max(60_000).default(25_000),
});
export const manifestWaitSchema = z.object({ changed: z.boolean() });
export type ManifestWait = z.infer<typeof manifestWaitSchema>;

export const peerReportSchema = z.object({
  url: z.string().max(512),
  nodeId: z.string().max(64).nullable(),
  reachable: z.boolean(),
  lastContactAt: isoTime.nullable(),
});

/** A lane of the edge and the state of its devices, as the door figures show them. */
export const laneReportSchema = z.object({
  id: z.string().max(64),
  /** The direction the lane works in now (a `both` lane's current one). */
  direction: z.string().max(16),
  devices: z
    .array(
      z.object({
        type: z.string().max(32),
        path: z.string().max(256),
        state: z.string().max(32),
        role: z.string().max(32).optional(),
      }),
    )
    .max(32),
});
export type LaneReport = z.infer<typeof laneReportSchema>;

/** What an edge reports about itself (POST /sync/heartbeat); ops read it in `tixmo sync status`. */
export const heartbeatSchema = z.object({
  sentAt: isoTime,
  manifest: z.object({
    cursor: z.string().max(512),
    syncedAt: isoTime.nullable(),
    tickets: z.number().int(),
  }),
  upload: z.object({
    lastSeq: z.number().int().min(0),
    ackedSeq: z.number().int().min(0),
    /** The journal life lastSeq and ackedSeq belong to (absent: the pre-incarnation life). */
    incarnation: incarnationSchema.optional(),
  }),
  /**
   * Node clock minus cloud clock, from the previous round trip; null before the first.
   * correctionMs: what the node subtracts from its clock for every time rule (absent
   * from nodes that do not correct), so the cloud can tell how far off their times are.
   */
  clock: z.object({
    offsetMs: z.number().nullable(),
    boundMs: z.number().int().min(0),
    correctionMs: z.number().optional(),
  }),
  peers: z.array(peerReportSchema).max(64),
  /** Lanes and their devices' states (absent from edges older than this field). */
  lanes: z.array(laneReportSchema).max(64).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;
export const heartbeatAckSchema = z.object({ serverTime: isoTime });
export type HeartbeatAck = z.infer<typeof heartbeatAckSchema>;

/**
 * Admissions the venue's nodes uploaded (GET /sync/admissions), for a node that starts
 * with an empty journal to rebuild who is inside before it admits anyone. Rows are
 * keyed by (nodeId, incarnation, seq) like gossip, so merging them is idempotent.
 */
export const venueAdmissionSchema = uploadedScanSchema.extend({ nodeId: z.string().min(1).max(64) });
export type VenueAdmission = z.infer<typeof venueAdmissionSchema>;

export const venueAdmissionsQuerySchema = z.object({
  cursor: z.string().max(512).default(''),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});

export const venueAdmissionsPageSchema = z.object({
  rows: z.array(venueAdmissionSchema),
  /** Opaque; send it back for the next page. */
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type VenueAdmissionsPage = z.infer<typeof venueAdmissionsPageSchema>;
