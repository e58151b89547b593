import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets: `whsec_<base64 of 24 random bytes>` (the Standard Webhooks
 * format), shown once when the endpoint is made and stored sealed: AES-256-GCM under a
 * key derived from the cloud's own secret (TIXMO_JWT_SECRET or the data dir's file),
 * which is not in the database, authenticated with the endpoint id so a sealed secret
 * cannot be moved to another endpoint. A dump or a backup then holds no usable secret.
 *
 * (The event-key vault on the integration branch, src/cloud/events/key-vault.ts, does the
 * same with a dedicated key-encryption key; this branch does not have it yet. At merge,
 * `sealKey` should become that KEK; the `v1.` text format leaves room for a `v2.`.)
 */
const keys = new Map<string, Buffer>();

function sealKey(serverSecret: string): Buffer {
  let key = keys.get(serverSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', serverSecret, 'tixmo', 'webhook-secret-encryption v1', 32));
    keys.set(serverSecret, key);
  }
  return key;
}

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function sealSecret(serverSecret: string, endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(serverSecret), iv);
  cipher.setAAD(Buffer.from(endpointId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The secret, or null when it does not open (another deployment's key, or altered). */
export function openSecret(serverSecret: string, endpointId: string, sealed: string): string | null {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) return null;
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(serverSecret), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(endpointId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
