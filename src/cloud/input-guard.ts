import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../shared/errors.ts';
import { unstorable } from '../shared/storable-text.ts';

/** The largest value of a Postgres `integer` column: every count and amount the API stores as one. */
export const INT4_MAX = 2_147_483_647;

const refuse = (field: string, why: string) => new AppError('BAD_REQUEST', `${field}: ${why}`);

/** The parameter name at each segment of the route the request matched (`:orderId` → orderId). */
function paramNames(c: Parameters<typeof matchedRoutes>[0]): (string | undefined)[] {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return (route?.path ?? '')
    .split('/')
    .map((s) => (s.startsWith(':') ? s.slice(1).replace(/\{.*$/, '').replace(/\?$/, '') : undefined));
}

// Only JSON escapes and raw NULs can carry unstorable text into a parsed body; most bodies hold none.
const suspectEscape = /\\u(?:0000|d[89a-f])/i;
const suspectBody = (text: string) => text.includes('\u0000') || suspectEscape.test(text);

/** The first unstorable key or string in a parsed JSON value, with its dotted path (`items.0.tierId`). */
function findInJson(root: unknown): { field: string; why: string } | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const why = unstorable(value);
      if (why) return { field: path || 'body', why };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: at(path, i) });
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const why = unstorable(key);
        if (why) return { field: at(path, JSON.stringify(key).slice(1, -1)), why: `(a key) ${why}` };
        stack.push({ value: v, path: at(path, key) });
      }
    }
  }
  return null;
}

/**
 * Refuses text the database cannot store — in the path, the query string and the body —
 * with a 400 naming the field, before any route, auth check or query sees it. One
 * middleware for the whole API, so a route added later cannot forget it.
 */
export const refuseUnstorableInput = createMiddleware(async (c, next) => {
  const path = c.req.path;
  if (unstorable(path)) {
    const names = paramNames(c);
    path.split('/').forEach((segment, i) => {
      const why = unstorable(segment);
      if (why) throw refuse(names[i] ?? 'path', why);
    });
  }
  if (c.req.url.includes('?')) {
    for (const [key, values] of Object.entries(c.req.queries())) {
      const keyWhy = unstorable(key);
      if (keyWhy) throw refuse(`query parameter ${JSON.stringify(key).slice(1, -1)}`, keyWhy);
      for (const value of values) {
        const why = unstorable(value);
        if (why) throw refuse(key, why);
      }
    }
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const text = await c.req.text();
    if (suspectBody(text)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: the route answers for its syntax; only a raw NUL is refused here.
        if (text.includes('\u0000')) throw refuse('body', 'must not contain NUL (\\u0000) characters');
      }
      const found = parsed === undefined ? null : findInJson(parsed);
      if (found) throw refuse(found.field, found.why);
    }
  }
  await next();
});
