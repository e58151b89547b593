import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { EventKeyPair } from '../../shared/ticket-code.ts';

/**
 * Event signing keys are stored sealed: AES-256-GCM under a key derived from the
 * deployment's key-encryption key (KEK), which lives outside the database (env or a file
 * in the data dir). A database dump, a backup or a WAL file then holds no usable signing
 * key. Sealed text: `v1.<kekId>.<iv>.<ciphertext+tag>` (base64url), authenticated
 * together with the key's kid, so a sealed key cannot be moved to another row.
 *
 * Every KEK a cloud in this process was started with is registered here by its id.
 * Opening a sealed key needs only its text, so the code that signs tickets (deep in
 * order and transfer transactions) takes no extra argument; sealing needs the current
 * KEK, which the callers that make keys have in their config.
 */
const kekById = new Map<string, Buffer>();

export interface Kek {
  id: string;
  key: Buffer;
}

const kekBySecret = new Map<string, Kek>();

/** Derives the AES key and its public id from the configured secret, and registers it. */
export function keyEncryptionKey(secret: string): Kek {
  const known = kekBySecret.get(secret);
  if (known) return known;
  const ikm = Buffer.from(secret, 'utf8');
  const key = Buffer.from(hkdfSync('sha256', ikm, 'tixmo', 'event-key-encryption v1', 32));
  const id = Buffer.from(hkdfSync('sha256', ikm, 'tixmo', 'event-key-encryption id', 6)).toString(
    'base64url',
  );
  kekById.set(id, key);
  const kek = { id, key };
  kekBySecret.set(secret, kek);
  return kek;
}

export function sealPrivateKey(kek: Kek, kid: string, jwk: JWK): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(jwk), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `v1.${kek.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** An event_keys row for a new key pair: the public half as is, the private half sealed. */
export function sealedKeyRow(kekSecret: string, eventId: string, key: EventKeyPair) {
  return {
    kid: key.kid,
    eventId,
    publicJwk: key.publicJwk as Record<string, unknown>,
    privateKeySealed: sealPrivateKey(keyEncryptionKey(kekSecret), key.kid, key.privateJwk),
  };
}

/** The id of the KEK a sealed key needs (null when the text is not a sealed key). */
export function sealedWith(sealed: string): string | null {
  const [version, kekId] = sealed.split('.');
  return version === 'v1' && kekId ? kekId : null;
}

export class KeyVaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

/** Opens a sealed key with whichever registered KEK sealed it; throws when none did or the text was altered. */
export function openPrivateKey(kid: string, sealed: string): JWK {
  const [version, kekId, iv, body] = sealed.split('.');
  if (version !== 'v1' || !kekId || !iv || !body) throw new KeyVaultError(`key ${kid}: not a sealed key`);
  const key = kekById.get(kekId);
  if (!key)
    throw new KeyVaultError(
      `key ${kid} is sealed with key-encryption key ${kekId}, which this cloud was not given`,
    );
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as JWK;
  } catch {
    throw new KeyVaultError(`key ${kid} does not open with key-encryption key ${kekId}: it was altered`);
  }
}

/**
 * Any other short secret sealed under the same KEK (webhook signing secrets):
 * `v2.<kekId>.<iv>.<ciphertext+tag>`, authenticated with `aad` — what the secret belongs
 * to, prefixed by its kind, so it can be moved neither to another row nor to another
 * kind of sealed thing. (`v1.` is an event key, whose AAD is its bare kid.)
 */
export function sealText(kek: Kek, aad: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v2.${kek.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The id of the KEK a `v2.` sealed text needs (null for any other text). */
export function textSealedWith(sealed: string): string | null {
  const [version, kekId] = sealed.split('.');
  return version === 'v2' && kekId ? kekId : null;
}

/** Opens a `v2.` sealed text with whichever registered KEK sealed it; null when none did, or it was altered or moved. */
export function openText(aad: string, sealed: string): string | null {
  const [version, kekId, iv, body] = sealed.split('.');
  if (version !== 'v2' || !kekId || !iv || !body) return null;
  const key = kekById.get(kekId);
  if (!key) return null;
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
