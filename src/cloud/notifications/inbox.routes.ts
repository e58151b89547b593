import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { categories } from './categories.ts';
import { listNotifications, markAllRead, markRead, sendTestNotification } from './inbox.service.ts';
import { getPreferences, updatePreferences } from './preferences.ts';

const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('what happened, e.g. order.confirmed, organizer.message'),
    category: z.enum(categories),
    title: z.string(),
    body: z.string(),
    refId: z.string().nullable().describe('what it is about: an order, ticket, event, refund…'),
    orgId: z.string().nullable(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification');
const switches = z.object({ email: z.boolean(), inApp: z.boolean(), canTurnOff: z.boolean() });
const preferencesSchema = z
  .object({
    transactional: switches,
    reminders: switches,
    organizerMessages: switches,
  })
  .openapi('NotificationPreferences');
const switchInput = z.object({ email: z.boolean().optional(), inApp: z.boolean().optional() }).strict();

const list = createRoute({
  method: 'get',
  path: '/me/notifications',
  operationId: 'listNotifications',
  summary: 'List my notifications',
  description: 'Lists the caller’s in-app notifications, newest first, and how many are unread.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    query: z.object({
      cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      unread: z.enum(['true', 'false']).optional().describe('true: only unread ones'),
    }),
  },
  responses: {
    200: ok(
      z.object({
        data: z.array(notificationSchema),
        nextCursor: z.string().nullable(),
        unreadCount: z.number().int(),
      }),
      'The caller’s in-app notifications, newest first, and how many are unread',
    ),
    400: errorBody,
  },
});

const readOne = createRoute({
  method: 'post',
  path: '/me/notifications/{id}/read',
  operationId: 'markNotificationRead',
  summary: 'Mark a notification read',
  description: 'Marks one in-app notification of the caller read.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: ok(notificationSchema.extend({ unreadCount: z.number().int() }), 'Marked read'),
    404: errorBody,
  },
});

const readAll = createRoute({
  method: 'post',
  path: '/me/notifications/read-all',
  operationId: 'markAllNotificationsRead',
  summary: 'Mark all notifications read',
  description: 'Marks every in-app notification of the caller read.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: {
    200: ok(z.object({ marked: z.number().int(), unreadCount: z.number().int() }), 'All marked read'),
  },
});

const test = createRoute({
  method: 'post',
  path: '/me/notifications/test',
  operationId: 'sendTestNotification',
  summary: 'Send a test notification',
  description: 'Queues a test message to the caller by mail and in-app (a few per hour).',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: {
    202: ok(
      z.object({ queued: z.boolean(), outboxId: z.string() }),
      'A test message to the caller (mail and in-app) is queued',
    ),
    429: errorBody,
  },
});

const getPrefs = createRoute({
  method: 'get',
  path: '/me/notification-preferences',
  operationId: 'getNotificationPreferences',
  summary: 'Get my notification preferences',
  description: 'Per category: whether mail and in-app notifications are on.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  responses: { 200: ok(preferencesSchema, 'Per category: mail and in-app on or off') },
});

const putPrefs = createRoute({
  method: 'put',
  path: '/me/notification-preferences',
  operationId: 'setNotificationPreferences',
  summary: 'Set my notification preferences',
  description:
    'Turns mail or in-app notifications of categories on or off; categories left out keep their setting.',
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: {
    body: json(
      z
        .object({
          transactional: switchInput.optional().describe('cannot be turned off (orders, tickets, refunds)'),
          reminders: switchInput.optional(),
          organizerMessages: switchInput.optional(),
        })
        .strict(),
    ),
  },
  responses: {
    200: ok(preferencesSchema, 'Updated; what was left out keeps its setting'),
    400: errorBody,
  },
});

export const inboxRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listNotifications({
        deps: c.var.deps,
        userId: c.var.userId,
        cursor: q.cursor,
        limit: q.limit,
        unreadOnly: q.unread === 'true',
      }),
      200,
    );
  })
  .openapi(readAll, async (c) => c.json(await markAllRead({ deps: c.var.deps, userId: c.var.userId }), 200))
  .openapi(test, async (c) =>
    c.json(await sendTestNotification({ deps: c.var.deps, userId: c.var.userId }), 202),
  )
  .openapi(readOne, async (c) =>
    c.json(await markRead({ deps: c.var.deps, userId: c.var.userId, id: c.req.valid('param').id }), 200),
  )
  .openapi(getPrefs, async (c) =>
    c.json(await getPreferences({ deps: c.var.deps, userId: c.var.userId }), 200),
  )
  .openapi(putPrefs, async (c) =>
    c.json(
      await updatePreferences({ deps: c.var.deps, userId: c.var.userId, input: c.req.valid('json') }),
      200,
    ),
  );
