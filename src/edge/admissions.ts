/**
 * Who is inside, derived from admissions (never a loose counter): this node's journal
 * and its peers' gossiped rows, rebuilt from disk at start, then advanced as each
 * admission is decided (the group commit makes it durable before the gate opens, and
 * rebuilds this from disk if a commit fails). Rows may arrive out of order from peers,
 * so a ticket's inside/outside state follows the row with the highest HLC seen for it,
 * while the counts simply add every admission up.
 */
export interface Occupancy {
  eventId: string;
  inside: number;
  entries: number;
  exits: number;
}

export interface LaneCounts {
  entries: number;
  exits: number;
}

export interface AdmissionRow {
  ticketId: string | null;
  eventId: string | null;
  /** This node's lanes only; peers' rows count for the event, not for a lane here. */
  laneId?: string;
  direction: string;
  /** annul undoes an earlier admission in the same direction: never an exit. */
  kind?: string | null;
  hlc?: string;
}

/** Rows from peers (src/sync/peer) have the same shape. */
export type Admission = AdmissionRow;

export class AdmissionState {
  private readonly inside = new Set<string>();
  /** Tickets that ever entered: the `single` re-entry policy refuses them a second time. */
  private readonly entered = new Set<string>();
  private readonly latest = new Map<string, string>();
  private readonly byEvent = new Map<string, Occupancy>();
  private readonly byLane = new Map<string, LaneCounts>();

  isInside(ticketId: string): boolean {
    return this.inside.has(ticketId);
  }

  hasEntered(ticketId: string): boolean {
    return this.entered.has(ticketId);
  }

  apply(admission: AdmissionRow): void {
    const { ticketId, eventId } = admission;
    if (!ticketId || !eventId) return;
    const occ = this.occupancy(eventId);
    const lane = admission.laneId ? this.laneCounts(admission.laneId) : undefined;
    const entry = admission.direction === 'entry';
    const undo = admission.kind === 'annul';
    const step = undo ? -1 : 1;
    if (entry) {
      occ.entries += step;
      if (lane) lane.entries += step;
      if (undo) this.entered.delete(ticketId);
      else this.entered.add(ticketId);
    } else {
      occ.exits += step;
      if (lane) lane.exits += step;
    }
    occ.inside = occ.entries - occ.exits;

    const previous = this.latest.get(ticketId);
    if (admission.hlc !== undefined) {
      if (previous !== undefined && admission.hlc < previous) return; // an older row from a peer: counts only
      this.latest.set(ticketId, admission.hlc);
    }
    if (entry !== undo) this.inside.add(ticketId);
    else this.inside.delete(ticketId);
  }

  occupancy(eventId: string): Occupancy {
    let occ = this.byEvent.get(eventId);
    if (!occ) {
      occ = { eventId, inside: 0, entries: 0, exits: 0 };
      this.byEvent.set(eventId, occ);
    }
    return occ;
  }

  laneCounts(laneId: string): LaneCounts {
    let counts = this.byLane.get(laneId);
    if (!counts) {
      counts = { entries: 0, exits: 0 };
      this.byLane.set(laneId, counts);
    }
    return counts;
  }

  /** Forgets everything (before a rebuild from the journal). */
  clear(): void {
    this.inside.clear();
    this.entered.clear();
    this.latest.clear();
    this.byEvent.clear();
    this.byLane.clear();
  }
}
