/**
 * Manifest cursor (DESIGN.md §6). A change is a ticket row stamped with the 64-bit id
 * of the transaction that wrote it (`pg_current_xact_id()`), and the feed only hands
 * out changes from transactions below the current snapshot's xmin: every one of those
 * has finished, so no change can later appear behind the cursor. A plain serial or
 * timestamp cursor skips rows when transactions commit out of order; this one cannot.
 * Within one transaction, ticket ids break ties.
 */
export interface ManifestCursor {
  xid: bigint;
  ticketId: string;
}

export const startCursor: ManifestCursor = { xid: 0n, ticketId: '' };

export function encodeCursor(c: ManifestCursor): string {
  return Buffer.from(`${c.xid.toString()}:${c.ticketId}`, 'utf8').toString('base64url');
}

/** Returns null for a cursor this server never made. */
export function decodeCursor(s: string): ManifestCursor | null {
  if (s === '') return startCursor;
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^(\d{1,20}):([0-9a-zA-Z-]{0,64})$/.exec(text);
  return m ? { xid: BigInt(m[1]!), ticketId: m[2]! } : null;
}
