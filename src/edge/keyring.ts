import type { CryptoKey, JWK } from 'jose';
import { importEventKey } from '../shared/ticket-code.ts';
import type { ManifestEvent } from '../sync/protocol.ts';

/** Event public keys from the manifest, imported once and looked up by kid on every scan. */
export class KeyRing {
  private readonly keys = new Map<string, { eventId: string; key: CryptoKey }>();

  /** Takes the manifest's keys as the whole truth: a key revoked in the cloud leaves the ring. */
  async load(events: ManifestEvent[]): Promise<void> {
    const current = new Set(events.flatMap((e) => e.keys.map((k) => k.kid)));
    for (const kid of [...this.keys.keys()]) if (!current.has(kid)) this.keys.delete(kid);
    for (const event of events) {
      for (const k of event.keys) {
        if (this.keys.has(k.kid)) continue;
        this.keys.set(k.kid, { eventId: event.id, key: await importEventKey(k.publicJwk as JWK) });
      }
    }
  }

  get(kid: string): { eventId: string; key: CryptoKey } | undefined {
    return this.keys.get(kid);
  }
}
