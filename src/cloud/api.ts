import { OpenAPIHono } from '@hono/zod-openapi';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { apiKeyRoutes } from './api-keys/api-keys.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import type { AppBindings } from './context.ts';
import { edgeNodeRoutes } from './edge-nodes/edge-nodes.routes.ts';
import { eventKeyRoutes } from './events/event-keys.routes.ts';
import { eventRoutes } from './events/events.routes.ts';
import { gateRuleRoutes } from './events/gate-rules.routes.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import { accountMailRoutes } from './notifications/account-mail.routes.ts';
import { inboxRoutes } from './notifications/inbox.routes.ts';
import { orgNotificationRoutes } from './notifications/org-notifications.routes.ts';
import { unsubscribeRoutes } from './notifications/unsubscribe.routes.ts';
import { webhookRoutes } from './notifications/webhooks/webhooks.routes.ts';
import { orderRoutes } from './orders/orders.routes.ts';
import { organizerMessageRoutes } from './organizer-messages/organizer-messages.routes.ts';
import { memberRoutes } from './orgs/members.routes.ts';
import { orgRoutes } from './orgs/orgs.routes.ts';
import { paymentRoutes } from './payments/payments.routes.ts';
import { promoCodeRoutes } from './promo-codes/promo-codes.routes.ts';
import { syncOpsRoutes } from './sync/ops.routes.ts';
import { syncRoutes } from './sync/sync.routes.ts';
import { ticketRoutes } from './tickets/tickets.routes.ts';
import { tierRoutes } from './tiers/tiers.routes.ts';
import { venueRoutes } from './venues/venues.routes.ts';
import { waitlistRoutes } from './waitlist/waitlist.routes.ts';

export { API_BASE } from '../shared/api/client.ts';

/**
 * Every documented route of the public API, without the app's middleware (which needs
 * running dependencies): the OpenAPI document can be built from this alone, e.g. by
 * `npm run openapi:generate` without starting a cloud.
 */
export function createApiRoutes() {
  const api = new OpenAPIHono<AppBindings>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A member’s access token (POST /auth/login) or an organization API key (`tixmo_…`)',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'edgeNode', {
    type: 'http',
    scheme: 'bearer',
    description: 'An edge node’s token `<nodeId>.<secret>` (POST /venues/{venueId}/edge-nodes)',
  });
  return api
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
}
