import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Category, optional } from './categories.ts';

/**
 * The token of a one-click unsubscribe link (RFC 8058): `<user id>.<category>.<MAC>`
 * under a key derived from the JWT secret. It names one account and one category and
 * never expires (a link in an old mail must still work); it can only turn mail off.
 * Free of database code: the mail thread puts it into List-Unsubscribe.
 */
const keys = new Map<string, Buffer>();

function key(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = createHmac('sha256', secret).update('tixmo unsubscribe links v1').digest();
    keys.set(secret, k);
  }
  return k;
}

function mac(secret: string, userId: string, category: string): string {
  return createHmac('sha256', key(secret)).update(`${userId}:${category}`).digest('base64url');
}

export function unsubscribeToken(secret: string, userId: string, category: Category): string {
  return `${userId}.${category}.${mac(secret, userId, category)}`;
}

/** The account and category a token names, if its MAC is right (constant-time compare). */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): { userId: string; category: Category } | null {
  const [userId, category, given, ...rest] = token.split('.');
  if (!userId || !category || !given || rest.length > 0) return null;
  if (!(optional as string[]).includes(category)) return null;
  const a = Buffer.from(given);
  const b = Buffer.from(mac(secret, userId, category));
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return { userId, category: category as Category };
}

/** The link in the mail and in List-Unsubscribe: the API route that answers GET (confirm) and POST (one click). */
export function unsubscribeUrl(
  publicUrl: string,
  secret: string,
  userId: string,
  category: Category,
): string {
  const token = unsubscribeToken(secret, userId, category);
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/unsubscribe?token=${encodeURIComponent(token)}`;
}
