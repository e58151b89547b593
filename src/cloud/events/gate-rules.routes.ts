import { createRoute, z } from '@hono/zod-openapi';
import { reentryPolicySchema } from '../../sync/protocol.ts';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { getGateRules, setGateRules } from './gate-rules.service.ts';

const time = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time such as 2026-12-31T20:00:00Z',
});
const rules = z.object({
  eventId: z.string(),
  reentryPolicy: reentryPolicySchema,
  tiers: z.array(
    z.object({ tierId: z.string(), validFrom: z.string().nullable(), validUntil: z.string().nullable() }),
  ),
});
const params = z.object({ eventId: z.string() });

const get = createRoute({
  method: 'get',
  path: '/events/{eventId}/gate-rules',
  operationId: 'getGateRules',
  summary: 'Get an event’s gate rules',
  description: 'Returns the event’s re-entry policy and per-tier admission windows.',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params },
  responses: {
    200: ok(rules, 'Re-entry policy and tier windows'),
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const put = createRoute({
  method: 'put',
  path: '/events/{eventId}/gate-rules',
  operationId: 'setGateRules',
  summary: 'Set an event’s gate rules',
  description: 'Replaces the re-entry policy and tier windows; the venue’s gates get them with the manifest.',
  tags: ['events'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params,
    body: json(
      z.object({
        reentryPolicy: reentryPolicySchema.optional(),
        tiers: z
          .array(
            z.object({ tierId: z.string().min(1), validFrom: time.nullable(), validUntil: time.nullable() }),
          )
          .max(100)
          .optional(),
      }),
    ),
  },
  responses: {
    200: ok(rules, 'Saved; the venue’s gates get it with the manifest'),
    400: errorBody,
    401: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

export const gateRuleRoutes = createRouter()
  .openapi(get, async (c) =>
    c.json(
      await getGateRules({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  )
  .openapi(put, async (c) =>
    c.json(
      await setGateRules({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  );
