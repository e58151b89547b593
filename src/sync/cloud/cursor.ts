/**
 * Manifest cursor (docs/architecture.md §6). A change is a ticket row stamped with the 64-bit id
 * of the transaction that wrote it (`pg_current_xact_id()`), and the feed only hands
 * out changes from transactions below the current snapshot's xmin: every one of those
 * has finished, so no change can later appear behind the cursor. A plain serial or
 * timestamp cursor skips rows when transactions commit out of order; this one cannot.
 * Within one transaction, ticket ids break ties.
 *
 * The rest of a page (the venue, its events with their keys and tiers) comes whole on
 * every page; `venue` is a digest of what the page carried, so the cloud can tell
 * whether a node holding this cursor has seen the current events too (the long-poll
 * answers `changed` for an event, key or tier change it would otherwise only hear of
 * through a wake-up). Cursors from before the digest decode with `venue: null`.
 */
export interface ManifestCursor {
  xid: bigint;
  ticketId: string;
  venue: string | null;
}

export const startCursor: ManifestCursor = { xid: 0n, ticketId: '', venue: null };

export function encodeCursor(c: ManifestCursor): string {
  const venue = c.venue ? `:${c.venue}` : '';
  return Buffer.from(`${c.xid.toString()}:${c.ticketId}${venue}`, 'utf8').toString('base64url');
}

/** Returns null for a cursor this server never made. */
export function decodeCursor(s: string): ManifestCursor | null {
  if (s === '') return startCursor;
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^(\d{1,20}):([0-9a-zA-Z-]{0,64})(?::([0-9a-f]{16}))?$/.exec(text);
  return m ? { xid: BigInt(m[1]!), ticketId: m[2]!, venue: m[3] ?? null } : null;
}
