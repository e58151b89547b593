/**
 * Who is inside, derived from the journal's admissions (never a loose counter): rebuilt
 * from disk at start, then advanced only after each admission is durably journaled.
 */
export interface Occupancy {
  eventId: string;
  inside: number;
  entries: number;
  exits: number;
}

export class AdmissionState {
  private readonly inside = new Set<string>();
  private readonly byEvent = new Map<string, Occupancy>();

  isInside(ticketId: string): boolean {
    return this.inside.has(ticketId);
  }

  apply(admission: { ticketId: string | null; eventId: string | null; direction: string }): void {
    if (!admission.ticketId || !admission.eventId) return;
    const occ = this.occupancy(admission.eventId);
    if (admission.direction === 'entry') {
      this.inside.add(admission.ticketId);
      occ.entries++;
    } else {
      this.inside.delete(admission.ticketId);
      occ.exits++;
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
}
