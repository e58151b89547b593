import type { createApiRoutes } from './api.ts';

type Api = ReturnType<typeof createApiRoutes>;
type Document = ReturnType<Api['getOpenAPI31Document']>;
type Operation = {
  operationId?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: unknown }>;
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** What each error status means on every route that can answer it; a route may say more in its own. */
const errorMeaning: Record<string, string> = {
  '400': 'The input is not valid (the message names the field), or the request cannot be done as asked',
  '401': 'No valid credentials: the token or API key is missing, expired, revoked or malformed',
  '403': 'Signed in but not allowed: the role is too low, or an API key lacks the scope this route needs',
  '404': 'Not found, or it belongs to another organization (never told apart)',
  '409': 'Conflicts with the current state of what it names (e.g. sold out); the message says why',
  '410': 'No longer available: the hold expired',
  '422':
    'Well-formed but not acceptable as it stands (e.g. an unknown account or a code that does not apply)',
  '429': 'Too many requests: the Retry-After header says in how many seconds to try again',
  '503': 'A service this route needs is unavailable or not configured',
};

const hasScheme = (op: Operation, scheme: string) => op.security?.some((s) => scheme in s) ?? false;

/**
 * The error statuses every route can answer because of what runs before it, so that no
 * route has to restate them: bad input (zod, the body reader and the input guard) is a
 * 400, a refused bearer token a 401, a member or API key without the right a 403, an id
 * in the path that names nothing of the caller's a 404, and every /api request is rate
 * limited (429). Statuses a route declares itself (409, 410, 503…) are kept as declared.
 */
function standardErrors(path: string, op: Operation): string[] {
  const statuses = ['429'];
  if (op.parameters?.length || op.requestBody) statuses.push('400');
  if (hasScheme(op, 'bearer') || hasScheme(op, 'edgeNode')) statuses.push('401');
  if (hasScheme(op, 'bearer')) statuses.push('403');
  if (path.includes('{')) statuses.push('404');
  return statuses;
}

function finish(doc: Document): Document {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const op of Object.values(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      op.security ??= []; // said outright: no credentials needed
      for (const status of standardErrors(path, op))
        op.responses[status] ??= { description: 'Error', content: errorContent };
      for (const [status, response] of Object.entries(op.responses))
        if (response.description === 'Error') response.description = errorMeaning[status] ?? 'Error';
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return doc;
}

const built = new WeakMap<Api, Document>();

/**
 * The OpenAPI 3.1 document of the public API, with `server` as its only server (the
 * cloud's public URL, or the origin the request came to). Built once per app.
 */
export function openApiDocument(api: Api, server: string): Document {
  let doc = built.get(api);
  if (!doc) {
    doc = finish(
      api.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'TixMo API',
          version: '1',
          description:
            'The TixMo cloud: organizations, venues, events, tiers, orders, tickets, payments, and the sync API of edge nodes at the gates. Errors always have the shape `{ error: { code, message, requestId } }`.',
        },
      }),
    );
    built.set(api, doc);
  }
  return { ...doc, servers: [{ url: server, description: 'This TixMo cloud' }] };
}
