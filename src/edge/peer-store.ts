import { and, asc, eq } from 'drizzle-orm';
import type { UploadedScan } from '../sync/protocol.ts';
import type { EdgeDb } from './db/client.ts';
import { peerJournal } from './db/schema.ts';

export interface MergedAdmission {
  ticketId: string | null;
  eventId: string | null;
  direction: string;
  kind?: string | null;
  hlc?: string;
}

/** One journal life of one node: rows are identified by (nodeId, incarnation, seq). */
const lifeKey = (nodeId: string, incarnation: string) => `${nodeId}\u0000${incarnation}`;

/**
 * Peers' journal rows on disk (and the admissions the cloud handed over at a rebuild),
 * each stored once per (nodeId, incarnation, seq). A row that arrives ahead of a missing
 * one (an out-of-order push, or the cloud's admissions without the rejects between them)
 * is stored and counted at once; the watermark is the top of the gap-free run, the
 * point gossip resumes pulling from, and hard anti-passback confirms a peer only once
 * the watermark reaches what the peer announced.
 */
export class PeerStore {
  private readonly marks = new Map<string, number>();
  /** Seqs held above the watermark, per life. */
  private readonly ahead = new Map<string, Set<number>>();

  constructor(private readonly db: EdgeDb) {
    const lives = db
      .selectDistinct({ nodeId: peerJournal.nodeId, incarnation: peerJournal.incarnation })
      .from(peerJournal)
      .all();
    for (const { nodeId, incarnation } of lives) {
      const seqs = db
        .select({ seq: peerJournal.seq })
        .from(peerJournal)
        .where(and(eq(peerJournal.nodeId, nodeId), eq(peerJournal.incarnation, incarnation)))
        .orderBy(asc(peerJournal.seq))
        .all();
      let mark = 0;
      const above = new Set<number>();
      for (const { seq } of seqs) {
        if (seq === mark + 1) mark = seq;
        else above.add(seq);
      }
      this.marks.set(lifeKey(nodeId, incarnation), mark);
      if (above.size > 0) this.ahead.set(lifeKey(nodeId, incarnation), above);
    }
  }

  /** Highest seq of that life held with every seq below it. */
  watermark(nodeId: string, incarnation = ''): number {
    return this.marks.get(lifeKey(nodeId, incarnation)) ?? 0;
  }

  /** Rows held above the watermark (after a gap), for status. */
  heldAhead(nodeId: string, incarnation = ''): number {
    return this.ahead.get(lifeKey(nodeId, incarnation))?.size ?? 0;
  }

  /**
   * Stores the rows of one life not held yet, in one transaction, and returns them (the
   * caller counts them in admission state); `gap` when the watermark is still below the
   * highest seq held (the caller then pulls the missing ones).
   */
  accept(
    nodeId: string,
    incarnation: string,
    rows: UploadedScan[],
  ): { applied: UploadedScan[]; gap: boolean } {
    const key = lifeKey(nodeId, incarnation);
    let mark = this.watermark(nodeId, incarnation);
    const above = this.ahead.get(key) ?? new Set<number>();
    const applied: UploadedScan[] = [];
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      if (row.seq <= mark || above.has(row.seq)) continue;
      if (applied.at(-1)?.seq === row.seq) continue; // the same seq twice in one batch
      applied.push(row);
    }
    if (applied.length > 0) {
      this.db.transaction((tx) => {
        for (const r of applied) {
          tx.insert(peerJournal)
            .values({
              nodeId,
              incarnation,
              seq: r.seq,
              ticketId: r.ticketId,
              eventId: r.eventId,
              laneId: r.laneId,
              direction: r.direction,
              decision: r.decision,
              reason: r.reason,
              kind: r.kind ?? null,
              hlc: r.hlc,
              at: r.at,
            })
            .onConflictDoNothing()
            .run();
        }
      });
      for (const r of applied) above.add(r.seq);
      while (above.delete(mark + 1)) mark++;
      this.marks.set(key, mark);
      if (above.size > 0) this.ahead.set(key, above);
      else this.ahead.delete(key);
    }
    return { applied, gap: above.size > 0 };
  }

  /** Every admission of every peer (to rebuild admission state at start). */
  admissions(): MergedAdmission[] {
    return this.db
      .select({
        ticketId: peerJournal.ticketId,
        eventId: peerJournal.eventId,
        direction: peerJournal.direction,
        kind: peerJournal.kind,
        hlc: peerJournal.hlc,
      })
      .from(peerJournal)
      .where(eq(peerJournal.decision, 'admit'))
      .orderBy(asc(peerJournal.hlc))
      .all();
  }
}
