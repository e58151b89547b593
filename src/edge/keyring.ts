import { createPublicKey, type KeyObject } from 'node:crypto';
import type { ManifestEvent } from '../sync/protocol.ts';

/**
 * Event public keys from the manifest, imported once and looked up by kid on every
 * scan, as node KeyObjects for the gate's synchronous check (src/edge/code-check.ts).
 */
export class KeyRing {
  private readonly keys = new Map<string, { eventId: string; keyObject: KeyObject }>();

  /** Takes the manifest's keys as the whole truth: a key revoked in the cloud leaves the ring. */
  async load(events: ManifestEvent[]): Promise<void> {
    const current = new Set(events.flatMap((e) => e.keys.map((k) => k.kid)));
    for (const kid of [...this.keys.keys()]) if (!current.has(kid)) this.keys.delete(kid);
    for (const event of events) {
      for (const k of event.keys) {
        if (this.keys.has(k.kid)) continue;
        this.keys.set(k.kid, {
          eventId: event.id,
          keyObject: createPublicKey({ key: k.publicJwk as { kty: string }, format: 'jwk' }),
        });
      }
    }
  }

  get(kid: string): { eventId: string; keyObject: KeyObject } | undefined {
    return this.keys.get(kid);
  }
}
