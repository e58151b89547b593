/**
 * Who is inside, derived from the journal's admissions (never a loose counter): rebuilt
 * from disk at start, then advanced as each admission is decided (the group commit
 * makes it durable before the gate opens, and rebuilds this from disk if a commit fails).
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
  laneId?: string;
  direction: string;
  kind?: string | null;
}

export class AdmissionState {
  private readonly inside = new Set<string>();
  /** Tickets that ever entered: the `single` re-entry policy refuses them a second time. */
  private readonly entered = new Set<string>();
  private readonly byEvent = new Map<string, Occupancy>();
  private readonly byLane = new Map<string, LaneCounts>();

  isInside(ticketId: string): boolean {
    return this.inside.has(ticketId);
  }

  hasEntered(ticketId: string): boolean {
    return this.entered.has(ticketId);
  }

  apply(admission: AdmissionRow): void {
    if (!admission.ticketId || !admission.eventId) return;
    const occ = this.occupancy(admission.eventId);
    const lane = admission.laneId ? this.laneCounts(admission.laneId) : undefined;
    const entry = admission.direction === 'entry';
    if (admission.kind === 'annul') {
      // Undoes an admission: the person never went through, so it is not an exit.
      if (entry) {
        this.inside.delete(admission.ticketId);
        this.entered.delete(admission.ticketId);
        occ.entries--;
        if (lane) lane.entries--;
      } else {
        this.inside.add(admission.ticketId);
        occ.exits--;
        if (lane) lane.exits--;
      }
    } else if (entry) {
      this.inside.add(admission.ticketId);
      this.entered.add(admission.ticketId);
      occ.entries++;
      if (lane) lane.entries++;
    } else {
      this.inside.delete(admission.ticketId);
      occ.exits++;
      if (lane) lane.exits++;
    }
    occ.inside = occ.entries - occ.exits;
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
    this.byEvent.clear();
    this.byLane.clear();
  }
}
