import type { CryptoKey, JWK } from 'jose';
import { importEventKey } from '../shared/ticket-code.ts';
import type { ManifestEvent } from '../sync/protocol.ts';

/** Event public keys from the manifest, imported once and looked up by kid on every scan. */
export class KeyRing {
  private readonly keys = new Map<string, { eventId: string; key: CryptoKey }>();

  async load(events: ManifestEvent[]): Promise<void> {
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
