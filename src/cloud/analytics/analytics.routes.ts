import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../auth/middleware.ts';
import { bearerAuth, createRouter, errorBody, ok } from '../router.ts';
import { insightRoutes } from './analytics-insights.routes.ts';
import { getAttendance } from './attendance.service.ts';

const attendance = createRoute({
  method: 'get',
  path: '/events/{eventId}/attendance',
  operationId: 'getEventAttendance',
  summary: 'Get an event’s attendance',
  description: 'Returns the admissions the venue’s edge nodes uploaded for the event.',
  tags: ['analytics'],
  middleware: [requireUser] as const,
  security: bearerAuth,
  request: { params: z.object({ eventId: z.string() }) },
  responses: {
    200: ok(
      z.object({
        eventId: z.string(),
        entries: z.number().int(),
        exits: z.number().int(),
        inside: z.number().int(),
      }),
      'Admissions uploaded by the venue’s edge nodes',
    ),
    404: errorBody,
  },
});

export const analyticsRoutes = createRouter()
  .openapi(attendance, async (c) =>
    c.json(
      await getAttendance({ deps: c.var.deps, userId: c.var.userId, eventId: c.req.valid('param').eventId }),
      200,
    ),
  )
  .route('/', insightRoutes);
