import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { CloudConfig } from '../../config.ts';
import { keyEncryptionKey, openText, sealText } from '../../events/key-vault.ts';

/**
 * Webhook signing secrets: `whsec_<base64 of 24 random bytes>` (the Standard Webhooks
 * format), shown once when the endpoint is made and stored sealed under the deployment's
 * key-encryption key, in the same vault as the events' signing keys
 * (events/key-vault.ts, `v2.<kekId>.…`), authenticated with the endpoint id so a sealed
 * secret cannot be moved to another endpoint. A dump or a backup then holds no usable
 * secret, and rotating the KEK (TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY) covers them too.
 *
 * Clouds before the vault sealed them under a key derived from the JWT secret
 * (`v1.<iv>.<body>`): those still open, and every start seals them again under the KEK
 * (secret-migration.ts), so rotating the JWT secret no longer breaks webhooks once done.
 */
type SecretKeys = Pick<CloudConfig, 'jwtSecret' | 'keyEncryptionKey' | 'previousKeyEncryptionKey'>;

const aad = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function sealSecret(kekSecret: string, endpointId: string, secret: string): string {
  return sealText(keyEncryptionKey(kekSecret), aad(endpointId), secret);
}

/** The secret, or null when it does not open (another deployment's keys, or altered). */
export function openSecret(keys: SecretKeys, endpointId: string, sealed: string): string | null {
  if (sealed.startsWith('v2.')) {
    // Registers the KEKs this cloud was given (idempotent), whichever sealed it.
    keyEncryptionKey(keys.keyEncryptionKey);
    if (keys.previousKeyEncryptionKey) keyEncryptionKey(keys.previousKeyEncryptionKey);
    return openText(aad(endpointId), sealed);
  }
  return openLegacySecret(keys.jwtSecret, endpointId, sealed);
}

/** True when `sealed` is already in the vault under this KEK (nothing to migrate). */
export function sealedUnder(kekSecret: string, sealed: string): boolean {
  return sealed.startsWith(`v2.${keyEncryptionKey(kekSecret).id}.`);
}

const legacyKeys = new Map<string, Buffer>();

function legacyKey(jwtSecret: string): Buffer {
  let key = legacyKeys.get(jwtSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', jwtSecret, 'tixmo', 'webhook-secret-encryption v1', 32));
    legacyKeys.set(jwtSecret, key);
  }
  return key;
}

/** The format before the vault (`v1.`, under the JWT secret). Only tests write it now, to prove it is still read. */
export function sealLegacySecret(jwtSecret: string, endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', legacyKey(jwtSecret), iv);
  cipher.setAAD(Buffer.from(endpointId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

function openLegacySecret(jwtSecret: string, endpointId: string, sealed: string): string | null {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) return null;
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', legacyKey(jwtSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(endpointId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
