import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../../router.ts';
import { deliveryStatuses } from '../kinds.ts';
import { webhookEventTypes } from './event-types.ts';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpointDeliveries,
  listEndpoints,
  redeliver,
  updateEndpoint,
} from './webhooks.service.ts';

const orgParams = z.object({ orgId: z.string().min(1).max(100) });
const endpointParams = orgParams.extend({ endpointId: z.string().min(1).max(100) });
const deliveryParams = endpointParams.extend({ deliveryId: z.string().min(1).max(100) });

const url = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }))
  .describe('where to POST; loopback, private and link-local targets are refused');
const eventTypes = z
  .array(z.enum(webhookEventTypes))
  .min(1)
  .max(webhookEventTypes.length * 2)
  .describe('the event types it is sent');
const description = z.string().trim().max(500).nullable().optional();

const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.enum(webhookEventTypes)),
    enabled: z.boolean(),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable(),
    failingSince: z.string().nullable().describe('the first failure since the last success'),
    lastSuccessAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const deliverySchema = z
  .object({
    id: z.string().describe('the webhook-id header: the same on every retry and redelivery'),
    eventType: z.string(),
    kind: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    address: z.string().nullable().describe('the IP address the last attempt went to'),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');

const create = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/organizations/{orgId}/webhooks',
  operationId: 'createWebhookEndpoint',
  summary: 'Create a webhook endpoint',
  description:
    'Registers an endpoint URL that receives the organization’s events it subscribes to, signed per Standard Webhooks; the signing secret is in this answer only.',
  request: { params: orgParams, body: json(z.object({ url, eventTypes, description })) },
  responses: {
    201: ok(
      endpointSchema.extend({
        secret: z.string().describe('the signing secret (whsec_…): shown this once, keep it'),
      }),
      'Created (OWNER/ADMIN)',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'get',
  path: '/organizations/{orgId}/webhooks',
  operationId: 'listWebhookEndpoints',
  summary: 'List webhook endpoints',
  description:
    'Lists the organization’s webhook endpoints and what each subscribes to (never their secrets).',
  request: { params: orgParams },
  responses: {
    200: ok(z.object({ data: z.array(endpointSchema) }), 'The organization’s endpoints (OWNER/ADMIN)'),
    403: errorBody,
    404: errorBody,
  },
});

const getOne = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'get',
  path: '/organizations/{orgId}/webhooks/{endpointId}',
  operationId: 'getWebhookEndpoint',
  summary: 'Get a webhook endpoint',
  description: 'Returns one webhook endpoint of the organization.',
  request: { params: endpointParams },
  responses: { 200: ok(endpointSchema, 'One endpoint'), 403: errorBody, 404: errorBody },
});

const patch = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'patch',
  path: '/organizations/{orgId}/webhooks/{endpointId}',
  operationId: 'updateWebhookEndpoint',
  summary: 'Update a webhook endpoint',
  description: 'Changes an endpoint’s URL, description, subscribed events or whether it is enabled.',
  request: {
    params: endpointParams,
    body: json(
      z.object({
        url: url.optional(),
        eventTypes: eventTypes.optional(),
        description,
        enabled: z.boolean().optional().describe('true revives an endpoint disabled after failures'),
      }),
    ),
  },
  responses: { 200: ok(endpointSchema, 'Updated'), 400: errorBody, 403: errorBody, 404: errorBody },
});

const remove = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'delete',
  path: '/organizations/{orgId}/webhooks/{endpointId}',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete a webhook endpoint',
  description: 'Deletes the endpoint; nothing more is sent to it.',
  request: { params: endpointParams },
  responses: { 204: { description: 'Deleted; nothing more is sent to it' }, 403: errorBody, 404: errorBody },
});

const log = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'get',
  path: '/organizations/{orgId}/webhooks/{endpointId}/deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'List an endpoint’s deliveries',
  description: 'Lists the deliveries to one endpoint, newest first, with their attempts and last answer.',
  request: {
    params: endpointParams,
    query: z.object({
      status: z
        .string()
        .optional()
        .transform((s, ctx) => {
          const wanted = s ? s.split(',').map((x) => x.trim()) : [];
          const bad = wanted.find((x) => !(deliveryStatuses as readonly string[]).includes(x));
          if (bad) {
            ctx.addIssue({ code: 'custom', message: `must be among ${deliveryStatuses.join(', ')}` });
            return z.NEVER;
          }
          return wanted as (typeof deliveryStatuses)[number][];
        })
        .describe('comma-separated states, e.g. failed,pending'),
      cursor: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: ok(
      z.object({ data: z.array(deliverySchema), nextCursor: z.string().nullable() }),
      'The endpoint’s delivery log, newest first',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const resend = createRoute({
  tags: ['webhooks'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/organizations/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver',
  operationId: 'redeliverWebhook',
  summary: 'Redeliver a webhook',
  description: 'Queues one delivery to its endpoint again now, with the same message id.',
  request: { params: deliveryParams },
  responses: {
    200: ok(deliverySchema, 'Queued again now, same webhook-id'),
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const webhookRoutes = createRouter()
  .openapi(create, async (c) => {
    const { orgId } = c.req.valid('param');
    const input = c.req.valid('json');
    return c.json(await createEndpoint({ deps: c.var.deps, userId: c.var.userId, orgId, input }), 201);
  })
  .openapi(list, async (c) =>
    c.json(await listEndpoints({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  )
  .openapi(getOne, async (c) =>
    c.json(await getEndpoint({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  )
  .openapi(patch, async (c) =>
    c.json(
      await updateEndpoint({
        deps: c.var.deps,
        userId: c.var.userId,
        ...c.req.valid('param'),
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    await deleteEndpoint({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') });
    return c.body(null, 204);
  })
  .openapi(log, async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listEndpointDeliveries({
        deps: c.var.deps,
        userId: c.var.userId,
        ...c.req.valid('param'),
        statuses: q.status,
        cursor: q.cursor,
        limit: q.limit,
      }),
      200,
    );
  })
  .openapi(resend, async (c) =>
    c.json(await redeliver({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  );
