import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { AppError } from '../shared/errors.ts';
import { securityHeaders } from '../shared/security-headers.ts';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { apiKeyRoutes } from './api-keys/api-keys.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { readBody } from './body.ts';
import type { AppBindings, CloudDeps } from './context.ts';
import { docsRoutes } from './docs/docs.routes.ts';
import { edgeNodeRoutes } from './edge-nodes/edge-nodes.routes.ts';
import { eventKeyRoutes } from './events/event-keys.routes.ts';
import { eventRoutes } from './events/events.routes.ts';
import { gateRuleRoutes } from './events/gate-rules.routes.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import { refuseUnstorableInput } from './input-guard.ts';
import { livePageRoutes } from './live/live.routes.ts';
import { accountMailRoutes } from './notifications/account-mail.routes.ts';
import { inboxRoutes } from './notifications/inbox.routes.ts';
import { orgNotificationRoutes } from './notifications/org-notifications.routes.ts';
import { unsubscribeRoutes } from './notifications/unsubscribe.routes.ts';
import { webhookRoutes } from './notifications/webhooks/webhooks.routes.ts';
import { countRequests } from './ops/metrics.ts';
import { opsRoutes } from './ops/ops.routes.ts';
import { orderRoutes } from './orders/orders.routes.ts';
import { organizerMessageRoutes } from './organizer-messages/organizer-messages.routes.ts';
import { memberRoutes } from './orgs/members.routes.ts';
import { orgRoutes } from './orgs/orgs.routes.ts';
import { paymentRoutes } from './payments/payments.routes.ts';
import { promoCodeRoutes } from './promo-codes/promo-codes.routes.ts';
import { limitByIp } from './rate-limit/rate-limit.ts';
import { syncOpsRoutes } from './sync/ops.routes.ts';
import { syncRoutes } from './sync/sync.routes.ts';
import { ticketRoutes } from './tickets/tickets.routes.ts';
import { tierRoutes } from './tiers/tiers.routes.ts';
import { venueRoutes } from './venues/venues.routes.ts';
import { waitlistRoutes } from './waitlist/waitlist.routes.ts';

function errorJson(code: string, message: string, requestId: string) {
  return { error: { code, message, requestId } };
}

export function createApp(deps: CloudDeps) {
  const app = new OpenAPIHono<AppBindings>();
  app.use(requestId());
  app.use(securityHeaders({ hstsMaxAgeSeconds: deps.config.hstsMaxAgeSeconds }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(countRequests);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.debug('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      requestId: c.var.requestId,
    });
  });
  app.use('/api/*', readBody);

  app.use('/api/*', limitByIp);
  app.use('/api/*', refuseUnstorableInput);

  app.onError((err, c) => {
    const id = c.var.requestId ?? '';
    if (err instanceof AppError) return c.json(errorJson(err.code, err.message, id), err.status);
    // zod-openapi refuses a body that is not declared JSON with a bare 415; answer it like
    // every other bad body (BAD_REQUEST is 400) and say which header to fix.
    if (err instanceof HTTPException && err.status === 415) {
      return c.json(errorJson('BAD_REQUEST', 'content-type: must be application/json', id), 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(
        errorJson(err.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', err.message, id),
        err.status,
      );
    }
    deps.logger.error('unhandled error', { err, path: c.req.path, requestId: id });
    return c.json(errorJson('INTERNAL', 'internal error; quote the request id when reporting it', id), 500);
  });
  app.notFound((c) =>
    c.json(errorJson('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, c.var.requestId ?? ''), 404),
  );

  app.route('/', opsRoutes);
  app.route('/', livePageRoutes);

  const api = new OpenAPIHono<AppBindings>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api
    .route('/auth', authRoutes)
    .route('/auth', accountMailRoutes)
    .route('/', orgRoutes)
    .route('/', memberRoutes)
    .route('/', apiKeyRoutes)
    .route('/', venueRoutes)
    .route('/', edgeNodeRoutes)
    .route('/', eventRoutes)
    .route('/', eventKeyRoutes)
    .route('/', gateRuleRoutes)
    .route('/', tierRoutes)
    .route('/', orderRoutes)
    .route('/', paymentRoutes)
    .route('/', promoCodeRoutes)
    .route('/', waitlistRoutes)
    .route('/', ticketRoutes)
    .route('/', analyticsRoutes)
    .route('/', exportRoutes)
    .route('/', syncRoutes)
    .route('/', syncOpsRoutes)
    .route('/', orgNotificationRoutes)
    .route('/', inboxRoutes)
    .route('/', unsubscribeRoutes)
    .route('/', organizerMessageRoutes)
    .route('/', webhookRoutes);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'TixMo API', version: '1' },
    // Paths are relative to this, so "Try it out" on the docs page calls the API where it is.
    servers: [{ url: '/api/v1' }],
  });
  api.route('/', docsRoutes);
  app.route('/api/v1', api);
  return app;
}
