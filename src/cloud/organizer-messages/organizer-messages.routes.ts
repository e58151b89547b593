import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, json, ok } from '../router.ts';
import { listMessages, previewMessage, sendMessage } from './organizer-messages.service.ts';

const params = z.object({ eventId: z.string().min(1).max(100) });
// biome-ignore lint/suspicious/noControlCharactersInRegex: a subject is one header line
const oneLine = /^[^\u0000-\u001f\u007f\u2028\u2029]*$/;
const messageInput = z
  .object({
    subject: z.string().trim().min(1).max(150).regex(oneLine, 'must be one line of text'),
    body: z.string().trim().min(1).max(5000).describe('plain text; blank lines separate paragraphs'),
    tierId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('only holders of this tier; default: the whole event'),
  })
  .strict();
const messageSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    tierId: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    recipientCount: z.number().int(),
    sentBy: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    createdAt: z.string(),
  })
  .openapi('OrganizerMessage');

const preview = createRoute({
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/events/{eventId}/messages/preview',
  operationId: 'previewOrganizerMessage',
  summary: 'Preview a message to ticket holders',
  description:
    'Shows how many holders a message would reach and the mail as rendered; nothing is sent (OWNER or ADMIN).',
  request: { params, body: json(messageInput) },
  responses: {
    200: ok(
      z.object({ recipientCount: z.number().int(), subject: z.string(), text: z.string(), html: z.string() }),
      'How many holders it would reach and the mail as rendered; nothing is sent (OWNER/ADMIN)',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
  },
});

const send = createRoute({
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'post',
  path: '/events/{eventId}/messages',
  operationId: 'sendOrganizerMessage',
  summary: 'Message an event’s ticket holders',
  description:
    'Records a message and queues it by mail and in-app to each holder who has not turned these off (rate limited per organization).',
  request: { params, body: json(messageInput) },
  responses: {
    201: ok(
      messageSchema,
      'Recorded and queued: mail and in-app to each holder who has not turned these off',
    ),
    400: errorBody,
    403: errorBody,
    404: errorBody,
    429: errorBody,
  },
});

const list = createRoute({
  tags: ['notifications'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  method: 'get',
  path: '/events/{eventId}/messages',
  operationId: 'listOrganizerMessages',
  summary: 'List messages sent to ticket holders',
  description: 'Lists the messages sent to the event’s holders, newest first.',
  request: { params },
  responses: {
    200: ok(z.object({ data: z.array(messageSchema) }), 'Messages sent to the event’s holders, newest first'),
    403: errorBody,
    404: errorBody,
  },
});

export const organizerMessageRoutes = createRouter()
  .openapi(preview, async (c) =>
    c.json(
      await previewMessage({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        input: c.req.valid('json'),
      }),
      200,
    ),
  )
  .openapi(send, async (c) =>
    c.json(
      await sendMessage({
        deps: c.var.deps,
        userId: c.var.userId,
        eventId: c.req.valid('param').eventId,
        input: c.req.valid('json'),
      }),
      201,
    ),
  )
  .openapi(list, async (c) =>
    c.json(
      await listMessages({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  );
