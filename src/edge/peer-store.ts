import { and, asc, eq, sql } from 'drizzle-orm';
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

/**
 * Peers' journal rows on disk. Rows of a node are only stored gap-free (seq n+1 after
 * n), so the highest stored seq is the point to resume gossip from after a partition
 * or a restart, and a re-sent row is recognised by its (nodeId, seq).
 */
export class PeerStore {
  private readonly marks = new Map<string, number>();

  constructor(private readonly db: EdgeDb) {
    const rows = db
      .select({ nodeId: peerJournal.nodeId, max: sql<number>`max(${peerJournal.seq})` })
      .from(peerJournal)
      .groupBy(peerJournal.nodeId)
      .all();
    for (const r of rows) this.marks.set(r.nodeId, Number(r.max));
  }

  /** Highest seq of `nodeId` held; every seq up to it is held too. */
  watermark(nodeId: string): number {
    return this.marks.get(nodeId) ?? 0;
  }

  /**
   * Stores the rows that extend the node's gap-free run, in one transaction. Returns
   * the rows newly stored, and `gap` when some row came after a missing seq (the
   * caller then pulls the missing ones).
   */
  accept(nodeId: string, rows: UploadedScan[]): { applied: UploadedScan[]; gap: boolean } {
    let mark = this.watermark(nodeId);
    const applied: UploadedScan[] = [];
    let gap = false;
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      if (row.seq <= mark) continue;
      if (row.seq > mark + 1) {
        gap = true;
        break;
      }
      applied.push(row);
      mark = row.seq;
    }
    if (applied.length === 0) return { applied, gap };
    this.db.transaction((tx) => {
      for (const r of applied) {
        tx.insert(peerJournal)
          .values({
            nodeId,
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
    this.marks.set(nodeId, mark);
    return { applied, gap };
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
      .where(and(eq(peerJournal.decision, 'admit')))
      .orderBy(asc(peerJournal.hlc))
      .all();
  }

  nodes(): string[] {
    return [...this.marks.keys()];
  }
}
