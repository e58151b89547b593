/**
 * Who is inside, derived from admissions (never a loose counter): this node's journal
 * and its peers' gossiped rows, rebuilt from disk at start, then advanced only after
 * each admission is durably stored. Rows may arrive out of order from peers, so a
 * ticket's inside/outside state follows the row with the highest HLC seen for it,
 * while the counts simply add every admission up.
 */
export interface Occupancy {
  eventId: string;
  inside: number;
  entries: number;
  exits: number;
}

export interface Admission {
  ticketId: string | null;
  eventId: string | null;
  direction: string;
  /** annul undoes an earlier admission in the same direction. */
  kind?: string | null;
  hlc?: string;
}

export class AdmissionState {
  private readonly inside = new Set<string>();
  private readonly latest = new Map<string, string>();
  private readonly byEvent = new Map<string, Occupancy>();

  isInside(ticketId: string): boolean {
    return this.inside.has(ticketId);
  }

  apply(admission: Admission): void {
    if (!admission.ticketId || !admission.eventId) return;
    const occ = this.occupancy(admission.eventId);
    const undo = admission.kind === 'annul';
    const step = undo ? -1 : 1;
    if (admission.direction === 'entry') occ.entries += step;
    else occ.exits += step;
    occ.inside = occ.entries - occ.exits;

    const previous = this.latest.get(admission.ticketId);
    if (admission.hlc !== undefined) {
      if (previous !== undefined && admission.hlc < previous) return; // an older row from a peer: counts only
      this.latest.set(admission.ticketId, admission.hlc);
    }
    const nowInside = (admission.direction === 'entry') !== undo;
    if (nowInside) this.inside.add(admission.ticketId);
    else this.inside.delete(admission.ticketId);
  }

  occupancy(eventId: string): Occupancy {
    let occ = this.byEvent.get(eventId);
    if (!occ) {
      occ = { eventId, inside: 0, entries: 0, exits: 0 };
      this.byEvent.set(eventId, occ);
    }
    return occ;
  }
}
