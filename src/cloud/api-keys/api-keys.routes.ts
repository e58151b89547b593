import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { apiKeyScopeSchema } from './scopes.ts';

const apiKeySchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The key’s first characters, to recognise it' }),
    scopes: z.array(apiKeyScopeSchema),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'Updated at most once a minute' }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
const orgParams = z.object({ orgId: z.string() });

const create = createRoute({
  method: 'post',
  path: '/organizations/{orgId}/api-keys',
  operationId: 'createApiKey',
  summary: 'Create an API key',
  description:
    'Creates an organization API key with the given scopes. The key itself is in this answer only; only its hash is stored.',
  tags: ['api-keys'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: orgParams,
    body: json(
      z.object({
        name: z.string().trim().min(1).max(200),
        scopes: z.array(apiKeyScopeSchema).min(1),
      }),
      { name: 'Nightly sync check', scopes: ['sync-ops'] },
    ),
  },
  responses: {
    201: ok(
      apiKeySchema.extend({
        key: z.string().openapi({ description: 'Send as `Authorization: Bearer <key>`. Shown only here.' }),
      }),
      'Created (OWNER or ADMIN)',
    ),
    400: errorBody,
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/api-keys',
  operationId: 'listApiKeys',
  summary: 'List API keys',
  description:
    'Lists the organization’s API keys with their scopes and last use, newest first; never the keys themselves.',
  tags: ['api-keys'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams },
  responses: {
    200: ok(
      z.object({ data: z.array(apiKeySchema) }),
      'The organization’s keys, newest first (never the keys themselves)',
    ),
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/organizations/{orgId}/api-keys/{keyId}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  description: 'Revokes the key: it is refused from the next request on.',
  tags: ['api-keys'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ orgId: z.string(), keyId: z.string() }) },
  responses: {
    204: { description: 'Revoked: refused from the next request on' },
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

export const apiKeyRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(
      await createApiKey({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(list, async (c) =>
    c.json(
      {
        data: await listApiKeys({
          deps: c.var.deps,
          userId: c.var.userId,
          orgId: c.req.valid('param').orgId,
        }),
      },
      200,
    ),
  )
  .openapi(revoke, async (c) => {
    const { orgId, keyId } = c.req.valid('param');
    await revokeApiKey({ deps: c.var.deps, userId: c.var.userId, orgId, keyId });
    return c.body(null, 204);
  });
