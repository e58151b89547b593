/**
 * A ticket's state at the gates from its admissions, walked in HLC order (then node and
 * seq, as reconciliation sorts them), never in the order they reached the cloud: nodes
 * upload whenever they can, so an exit may arrive before the entry it follows.
 */
export interface Passage {
  direction: string;
  /** null or scan: a read; manual_admit: let through by hand; annul: undoes an admission in that direction. */
  kind: string | null;
  hlc: string;
  nodeId: string;
  seq: number;
  at: Date;
}

export interface CheckinState {
  /** The earliest entry still standing: an annulment takes back the latest one not yet annulled. */
  checkedInAt: Date | null;
  /** The latest passage, entry or exit (an annulment is not a passage). */
  lastScanAt: Date | null;
  inside: boolean;
}

export function comparePassages(a: Passage, b: Passage): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.nodeId !== b.nodeId) return a.nodeId < b.nodeId ? -1 : 1;
  return a.seq - b.seq;
}

export function checkinState(passages: Passage[]): CheckinState {
  const entries: Date[] = [];
  let inside = false;
  let lastScanAt: Date | null = null;
  for (const p of [...passages].sort(comparePassages)) {
    const entry = p.direction === 'entry';
    if (p.kind === 'annul') {
      // An annulled entry: the person did not go in. An annulled exit: they are still inside.
      if (entry) entries.pop();
      inside = !entry;
      continue;
    }
    lastScanAt = p.at;
    if (entry) entries.push(p.at);
    inside = entry;
  }
  return { checkedInAt: entries[0] ?? null, lastScanAt, inside };
}
