import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may open the live feed. A browser always names the page's origin on a WebSocket
 * handshake (and on cross-origin requests); it must be this edge's own (the Host it was
 * reached at) or one the config lists, so a page elsewhere cannot read the feed through
 * a screen's browser. No Origin at all is a same-origin polling request or a program,
 * not a page: it is let in (and sees only the public feed without a staff pass).
 */
export function allowedOrigin(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
  return url.host === req.headers.host?.toLowerCase() || allowed.has(url.origin);
}

export function staffTokenMatches(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const PASS_SECONDS = 60;
const MAX_PASSES = 1000;

/**
 * One-time passes that turn a Socket.IO connection into a staff screen. The staff API
 * hands them out (after its token or PIN check, with its brute-force guard), so the
 * PIN itself never travels over the socket and is checked in one place only.
 */
export class StaffPasses {
  private readonly passes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): { pass: string; expiresInSeconds: number } {
    const now = this.now();
    for (const [pass, until] of this.passes) if (until <= now) this.passes.delete(pass);
    // Oldest first in a Map: past the cap the oldest unused pass goes.
    if (this.passes.size >= MAX_PASSES) this.passes.delete(this.passes.keys().next().value!);
    const pass = randomBytes(24).toString('base64url');
    this.passes.set(pass, now + PASS_SECONDS * 1000);
    return { pass, expiresInSeconds: PASS_SECONDS };
  }

  /** True once for a pass issued less than a minute ago. */
  redeem(pass: string): boolean {
    const until = this.passes.get(pass);
    if (until === undefined) return false;
    this.passes.delete(pass);
    return until > this.now();
  }
}
