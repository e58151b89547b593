import { asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { newId } from '../shared/ids.ts';
import type { ClockCorrection } from '../sync/edge/venue-clock.ts';
import type {
  Decision,
  Direction,
  JournalKind,
  ManifestEvent,
  ManifestPage,
  ScanReason,
  TicketStatus,
  UploadedScan,
} from '../sync/protocol.ts';
import type { EdgeDb } from './db/client.ts';
import { journal, manifestEvents, manifestTickets, syncState } from './db/schema.ts';

export interface JournalEntry {
  ticketId: string | null;
  eventId: string | null;
  laneId: string;
  direction: Direction;
  decision: Decision;
  reason: ScanReason;
  hlc: string;
  at: string;
  /** Absent means 'scan'. */
  kind?: JournalKind;
  note?: string | null;
}
export type JournalRow = JournalEntry & { seq: number };

export interface ManifestTicketRow {
  id: string;
  eventId: string;
  tierId: string;
  status: TicketStatus;
  version: number;
}

export interface NodeIdentity {
  nodeId: string;
  venueId: string;
  venueName: string;
  capacity: number;
}

/**
 * Everything the edge keeps on disk: the manifest, the scan journal and sync state.
 * All writes are synchronous better-sqlite3 transactions (an async callback would
 * commit before its awaits ran).
 */
export class EdgeStore {
  private lastSeq: number;
  /** This data dir's journal life; '' for a journal begun before incarnations existed. */
  readonly incarnation: string;
  private readonly ticketById;
  private readonly insertJournal;
  private readonly rowsAfter;
  private readonly stateOf;
  private readonly putState;
  private readonly upsertTicket;

  constructor(private readonly db: EdgeDb) {
    const [row] = db
      .select({ max: sql<number | null>`max(${journal.seq})` })
      .from(journal)
      .all();
    this.lastSeq = row?.max ?? 0;
    // Every read looks its ticket up: a plain better-sqlite3 statement, without drizzle's
    // placeholder filling and row mapping (which cost more than SQLite's own B-tree lookup).
    this.ticketById = db.$client.prepare<[string], ManifestTicketRow>(
      'SELECT id, event_id AS eventId, tier_id AS tierId, status, version FROM manifest_tickets WHERE id = ?',
    );
    // Prepared once: a full pull of a large venue applies 100k of these.
    this.upsertTicket = db
      .insert(manifestTickets)
      .values({
        id: sql.placeholder('id'),
        eventId: sql.placeholder('eventId'),
        tierId: sql.placeholder('tierId'),
        status: sql.placeholder('status'),
        version: sql.placeholder('version'),
      })
      .onConflictDoUpdate({
        target: manifestTickets.id,
        set: {
          eventId: sql`excluded.event_id`,
          tierId: sql`excluded.tier_id`,
          status: sql`excluded.status`,
          version: sql`excluded.version`,
        },
      })
      .prepare();
    // The journal's own statements are plain better-sqlite3 ones too: a group commit
    // writes every decision through insertJournal, the uploader reads through rowsAfter.
    this.insertJournal = db.$client.prepare<[JournalRow & { kind: string; note: string | null }]>(
      `INSERT INTO journal (seq, ticket_id, event_id, lane_id, direction, decision, reason, hlc, at, kind, note)
       VALUES (@seq, @ticketId, @eventId, @laneId, @direction, @decision, @reason, @hlc, @at, @kind, @note)`,
    );
    this.rowsAfter = db.$client.prepare<[number, number], UploadedScan>(
      `SELECT seq, ticket_id AS ticketId, event_id AS eventId, lane_id AS laneId, direction, decision, reason,
         hlc, at, kind, note FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.stateOf = db.$client.prepare<[string], { value: string }>(
      'SELECT value FROM sync_state WHERE key = ?',
    );
    this.putState = db.$client.prepare<[string, string]>(
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.incarnation = this.beginLife();
  }

  /**
   * A data dir gets its journal life the first time it opens (docs/journal-incarnations.md):
   * a fresh one (a new or wiped SD card) a new incarnation and a pending rebuild of who
   * is inside; one that already journaled or uploaded under an older version keeps the
   * pre-incarnation life '', since the cloud and peers hold its rows under that.
   */
  private beginLife(): string {
    const known = this.getState('journal.incarnation');
    if (known !== undefined) return known;
    const used = this.lastSeq > 0 || this.ackedSeq() > 0;
    const incarnation = used ? '' : newId();
    this.db.transaction(() => {
      this.setState('journal.incarnation', incarnation);
      this.setState('rebuild.state', used ? 'done' : 'pending');
    });
    return incarnation;
  }

  // --- sync state -------------------------------------------------------------

  private getState(key: string): string | undefined {
    return this.stateOf.get(key)?.value;
  }

  private setState(key: string, value: string): void {
    this.putState.run(key, value);
  }

  manifestCursor(): string {
    return this.getState('manifest.cursor') ?? '';
  }

  manifestSyncedAt(): string | null {
    return this.getState('manifest.syncedAt') ?? null;
  }

  identity(): NodeIdentity | null {
    const raw = this.getState('node.identity');
    return raw ? (JSON.parse(raw) as NodeIdentity) : null;
  }

  ackedSeq(): number {
    return Number(this.getState('upload.ackedSeq') ?? 0);
  }

  setAckedSeq(seq: number): void {
    this.setState('upload.ackedSeq', String(seq));
  }

  /** pending: this data dir has not yet learnt from the cloud who is inside (src/edge/rebuild.ts). */
  rebuildPending(): boolean {
    return this.getState('rebuild.state') === 'pending';
  }

  setRebuildDone(): void {
    this.setState('rebuild.state', 'done');
  }

  /** Where the rebuild's download of the venue's admissions stopped (resumes after a restart). */
  rebuildCursor(): string {
    return this.getState('rebuild.cursor') ?? '';
  }

  setRebuildCursor(cursor: string): void {
    this.setState('rebuild.cursor', cursor);
  }

  /** A `both` lane's direction as staff last set it (survives a restart). */
  laneDirection(laneId: string): Direction | undefined {
    return this.getState(`lane.${laneId}.direction`) as Direction | undefined;
  }

  setLaneDirection(laneId: string, direction: Direction): void {
    this.setState(`lane.${laneId}.direction`, direction);
  }

  /** The clock correction last measured against the cloud (used after a restart until the next one). */
  clockCorrection(): ClockCorrection | null {
    const raw = this.getState('clock.correction');
    let c: Partial<ClockCorrection>;
    try {
      c = raw ? (JSON.parse(raw) as Partial<ClockCorrection>) : {};
    } catch {
      return null; // unreadable: measure afresh rather than refuse to start
    }
    return typeof c.offsetMs === 'number' &&
      typeof c.uncertaintyMs === 'number' &&
      typeof c.measuredAt === 'string'
      ? (c as ClockCorrection)
      : null;
  }

  setClockCorrection(correction: ClockCorrection): void {
    this.setState('clock.correction', JSON.stringify(correction));
  }

  // --- manifest -------------------------------------------------------------------

  /** Applies one page and its cursor in one transaction: a crash leaves the old cursor and old rows, never a mix. */
  applyManifestPage(page: ManifestPage, at: Date): void {
    this.db.transaction((tx) => {
      tx.delete(manifestEvents).run();
      for (const e of page.events) {
        tx.insert(manifestEvents)
          .values({
            id: e.id,
            name: e.name,
            status: e.status,
            startsAt: e.startsAt,
            endsAt: e.endsAt,
            doorsAt: e.doorsAt ?? null,
            reentryPolicy: e.reentryPolicy ?? null,
            keysJson: JSON.stringify(e.keys),
            tiersJson: JSON.stringify(e.tiers),
          })
          .run();
      }
      for (const t of page.tickets) this.upsertTicket.run(t);
      const identity: NodeIdentity = {
        nodeId: page.node.id,
        venueId: page.node.venueId,
        venueName: page.venue.name,
        capacity: page.venue.capacity,
      };
      const put = (key: string, value: string) =>
        tx
          .insert(syncState)
          .values({ key, value })
          .onConflictDoUpdate({ target: syncState.key, set: { value } })
          .run();
      put('node.identity', JSON.stringify(identity));
      put('manifest.cursor', page.cursor);
      put('manifest.syncedAt', at.toISOString());
    });
  }

  events(): ManifestEvent[] {
    return this.db
      .select()
      .from(manifestEvents)
      .all()
      .map((e) => ({
        id: e.id,
        name: e.name,
        status: e.status as ManifestEvent['status'],
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        doorsAt: e.doorsAt,
        ...(e.reentryPolicy ? { reentryPolicy: e.reentryPolicy as ManifestEvent['reentryPolicy'] } : {}),
        keys: JSON.parse(e.keysJson),
        tiers: JSON.parse(e.tiersJson),
      }));
  }

  ticket(id: string): ManifestTicketRow | undefined {
    return this.ticketById.get(id);
  }

  ticketCount(): number {
    return this.db.select({ n: count() }).from(manifestTickets).get()?.n ?? 0;
  }

  // --- journal --------------------------------------------------------------------

  /**
   * Appends decisions in one transaction (one fsync for the lot: group commit). Seqs
   * are assigned here, so they are gap-free; `lastSeq` only moves after the commit.
   */
  appendJournal(entries: JournalEntry[]): JournalRow[] {
    let seq = this.lastSeq;
    const rows = entries.map((e) => ({ ...e, seq: ++seq }));
    this.db.transaction(() => {
      for (const row of rows)
        this.insertJournal.run({
          seq: row.seq,
          ticketId: row.ticketId,
          eventId: row.eventId,
          laneId: row.laneId,
          direction: row.direction,
          decision: row.decision,
          reason: row.reason,
          hlc: row.hlc,
          at: row.at,
          kind: row.kind ?? 'scan',
          note: row.note ?? null,
        });
    });
    this.lastSeq = seq;
    return rows;
  }

  lastJournalSeq(): number {
    return this.lastSeq;
  }

  /** Rows after `seq` as the cloud and peers get them: stamped with this data dir's journal life. */
  journalAfter(seq: number, limit: number): UploadedScan[] {
    const rows = this.rowsAfter.all(seq, limit);
    return this.incarnation ? rows.map((r) => ({ ...r, incarnation: this.incarnation })) : rows;
  }

  /** Every admission (and annulment) in journal order: the source from which occupancy is rebuilt. */
  admissions(): JournalRow[] {
    return this.db
      .select()
      .from(journal)
      .where(eq(journal.decision, 'admit'))
      .orderBy(asc(journal.seq))
      .all() as JournalRow[];
  }

  /** A ticket's journal rows, oldest first (staff look-up). */
  ticketHistory(ticketId: string): JournalRow[] {
    return this.db
      .select()
      .from(journal)
      .where(eq(journal.ticketId, ticketId))
      .orderBy(asc(journal.seq))
      .all() as JournalRow[];
  }

  /** The most recent journal rows, newest first (the screen's "last scans" after a restart). */
  recentJournal(limit: number): JournalRow[] {
    return this.db.select().from(journal).orderBy(desc(journal.seq)).limit(limit).all() as JournalRow[];
  }

  /**
   * The last `limit` decisions a screen lists (scans and staff actions, not direction
   * changes), newest first. Walks the journal backwards by its primary key and stops at
   * `limit`: a few rows read however long the journal is, never a sort.
   */
  recentDecisions(limit: number): JournalRow[] {
    return this.db
      .select()
      .from(journal)
      .where(ne(journal.kind, 'direction'))
      .orderBy(desc(journal.seq))
      .limit(limit)
      .all() as JournalRow[];
  }

  lastHlc(): string | null {
    return (
      this.db.select({ hlc: journal.hlc }).from(journal).orderBy(sql`${journal.seq} desc`).limit(1).get()
        ?.hlc ?? null
    );
  }
}
