import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { safeEqual, sha256 } from '../../shared/passwords.ts';
import { API_KEY_PREFIX, authenticateApiKey } from '../api-keys/api-keys.service.ts';
import { apiKeyPrincipal } from '../api-keys/principal.ts';
import { routeKey, routeScopes } from '../api-keys/scopes.ts';
import type { AppBindings } from '../context.ts';
import { edgeNodes } from '../db/schema.ts';
import { limitApiKey, limitUser } from '../rate-limit/rate-limit.ts';
import { assertLiveAccount, assertLiveSession } from './live-accounts.ts';
import { verifyAccessToken } from './tokens.ts';

function bearer(header: string | undefined): string {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m)
    throw new AppError(
      'UNAUTHORIZED',
      'missing bearer token: send Authorization: Bearer <accessToken or API key>',
    );
  return m[1]!;
}

/** Signature (cached), then account and session still open (cached 10 s, cut at once on this instance). */
async function signedInUser(deps: AppBindings['Variables']['deps'], token: string): Promise<string> {
  const { userId, sessionId } = await verifyAccessToken(deps, token);
  await assertLiveAccount(deps, userId);
  if (sessionId) await assertLiveSession(deps, sessionId);
  return userId;
}

/**
 * An API key: valid, within the scope routeScopes gives this route (403 naming it), then
 * counted against the key's own rate limit. It acts as its organization's ADMIN.
 */
async function signInWithApiKey(c: Context<AppBindings>, token: string): Promise<void> {
  const key = await authenticateApiKey(c.var.deps, token);
  const route = routeKey(c.req.method, c.req.routePath);
  const scope = routeScopes[route];
  if (!scope)
    throw new AppError('FORBIDDEN', `API keys cannot use ${route}: sign in as a member of the organization`);
  if (!key.scopes.includes(scope))
    throw new AppError(
      'FORBIDDEN',
      `this API key lacks the "${scope}" scope that ${route} needs: create a key with it`,
    );
  await limitApiKey(c, key.id);
  c.set('apiKey', key);
  c.set('userId', apiKeyPrincipal(key));
}

async function signIn(c: Context<AppBindings>, token: string): Promise<void> {
  if (token.startsWith(API_KEY_PREFIX)) return signInWithApiKey(c, token);
  const userId = await signedInUser(c.var.deps, token);
  await limitUser(c, userId);
  c.set('userId', userId);
}

/** A member's access token or an organization's API key (`tixmo_…`). */
export const requireUser = createMiddleware<AppBindings>(async (c, next) => {
  await signIn(c, bearer(c.req.header('authorization')));
  await next();
});

/** Edge node tokens are `<nodeId>.<secret>`; only a hash is stored. */
export const requireNode = createMiddleware<AppBindings>(async (c, next) => {
  const token = bearer(c.req.header('authorization'));
  const nodeId = token.split('.')[0] ?? '';
  const [node] = await c.var.deps.db.select().from(edgeNodes).where(eq(edgeNodes.id, nodeId)).limit(1);
  if (!node || !safeEqual(node.tokenHash, sha256(token)))
    throw new AppError('UNAUTHORIZED', 'invalid edge node token');
  if (node.revokedAt)
    throw new AppError(
      'UNAUTHORIZED',
      `this edge node was revoked at ${node.revokedAt.toISOString()}: register a new edge node and put its token in the edge config`,
    );
  c.set('node', { id: node.id, venueId: node.venueId, name: node.name });
  await next();
});

/** Public routes that show more to a signed-in caller: a valid token sets userId, none is fine, a bad one is a 401. */
export const optionalUser = createMiddleware<AppBindings>(async (c, next) => {
  const header = c.req.header('authorization');
  if (header) await signIn(c, bearer(header));
  await next();
});
