import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { deliveryStatuses } from './kinds.ts';
import {
  getDelivery,
  getMailSettings,
  listDeliveries,
  retryDelivery,
  updateMailSettings,
} from './org-notifications.service.ts';

const orgParams = z.object({ orgId: z.string().min(1).max(100) });
const settingsSchema = z
  .object({
    senderName: z.string().nullable(),
    replyTo: z.string().nullable(),
    effectiveSenderName: z.string(),
  })
  .openapi('MailSettings');
const deliverySchema = z
  .object({
    id: z.string().describe('also the message id (Message-ID <id@domain> for mail)'),
    channel: z.string(),
    template: z.string(),
    kind: z.string(),
    address: z.string().nullable(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Delivery');
// biome-ignore lint/suspicious/noControlCharactersInRegex: a display name must stay on one line
const oneLine = /^[^\u0000-\u001f\u007f]*$/;

const getSettings = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/mail-settings',
  operationId: 'getMailSettings',
  summary: 'Get the mail settings',
  description: 'Returns how the organization’s mails to its buyers are signed (sender name and reply-to).',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: orgParams },
  responses: {
    200: ok(settingsSchema, 'How the organization’s mails to its buyers are signed'),
    403: errorBody,
    404: errorBody,
  },
});

const patchSettings = createRoute({
  method: 'patch',
  path: '/organizations/{orgId}/mail-settings',
  operationId: 'updateMailSettings',
  summary: 'Update the mail settings',
  description: 'Changes the sender name and reply-to of the organization’s mails (OWNER or ADMIN).',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: orgParams,
    body: json(
      z.object({
        senderName: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(oneLine, 'must be one line of text')
          .nullable()
          .optional()
          .describe('the From name on buyers’ mails; null = the organization’s name'),
        replyTo: z
          .string()
          .trim()
          .toLowerCase()
          .max(254)
          .pipe(z.email({ message: 'must be an email address' }))
          .nullable()
          .optional()
          .describe('where buyers’ replies go; null = no Reply-To'),
      }),
    ),
  },
  responses: {
    200: ok(settingsSchema, 'Updated (OWNER/ADMIN)'),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const list = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/deliveries',
  operationId: 'listDeliveries',
  summary: 'List message deliveries',
  description:
    'Lists the mails and messages sent to the organization’s buyers, newest first, with their state (OWNER or ADMIN).',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    params: orgParams,
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
      'Messages to the organization’s buyers, newest first (OWNER/ADMIN)',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const deliveryParams = orgParams.extend({ deliveryId: z.string().min(1).max(100) });

const getOne = createRoute({
  method: 'get',
  path: '/organizations/{orgId}/deliveries/{deliveryId}',
  operationId: 'getDelivery',
  summary: 'Get a message delivery',
  description: 'Returns one delivery with its attempts and last error.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: deliveryParams },
  responses: { 200: ok(deliverySchema, 'One delivery'), 403: errorBody, 404: errorBody },
});

const retry = createRoute({
  method: 'post',
  path: '/organizations/{orgId}/deliveries/{deliveryId}/retry',
  operationId: 'retryDelivery',
  summary: 'Retry a failed delivery',
  description: 'Queues a failed delivery again now, with the same message id (409 if it is not failed).',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: deliveryParams },
  responses: {
    200: ok(deliverySchema, 'Queued again now, with the same message id'),
    403: errorBody,
    404: errorBody,
    409: errorBody,
  },
});

export const orgNotificationRoutes = createRouter()
  .openapi(getSettings, async (c) =>
    c.json(
      await getMailSettings({ deps: c.var.deps, userId: c.var.userId, orgId: c.req.valid('param').orgId }),
      200,
    ),
  )
  .openapi(patchSettings, async (c) =>
    c.json(
      await updateMailSettings({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listDeliveries({
        deps: c.var.deps,
        userId: c.var.userId,
        orgId: c.req.valid('param').orgId,
        statuses: q.status,
        cursor: q.cursor,
        limit: q.limit,
      }),
      200,
    );
  })
  .openapi(getOne, async (c) =>
    c.json(await getDelivery({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  )
  .openapi(retry, async (c) =>
    c.json(await retryDelivery({ deps: c.var.deps, userId: c.var.userId, ...c.req.valid('param') }), 200),
  );
