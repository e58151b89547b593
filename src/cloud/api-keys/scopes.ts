import { z } from 'zod';

/**
 * What an API key may do. A key acts as an ADMIN of its one organization, but only on
 * the routes its scopes name in `routeScopes`.
 */
export const apiKeyScopes = ['read', 'catalog', 'box-office', 'analytics', 'sync-ops'] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/**
 * Every signed-in route and the scope a key needs for it, in one place. `null` marks what
 * only a person may do (their own account, tickets and orders; members; API keys; deleting
 * the organization): a key is refused there whatever its scopes. A route missing here is
 * refused to keys too; test/cloud/api-keys.test.ts fails until a new route is listed.
 * Keys are `METHOD /path` as in the OpenAPI document.
 */
export const routeScopes: Record<string, ApiKeyScope | null> = {
  // read: the organization's data, nothing changed
  'GET /organizations/{orgId}': 'read',
  'GET /organizations/{orgId}/venues': 'read',
  'GET /venues/{venueId}': 'read',
  'GET /events/{eventId}': 'read',
  'GET /events/{eventId}/tiers': 'read',
  'GET /tiers/{tierId}': 'read',
  'GET /tiers/{tierId}/availability': 'read',
  'GET /events/{eventId}/gate-rules': 'read',
  'GET /events/{eventId}/promo-codes': 'read',
  'GET /events/{eventId}/keys': 'read',
  'GET /events/{eventId}/orders': 'read',
  'GET /orders/{orderId}': 'read',
  'GET /tickets/{ticketId}': 'read',
  'GET /tickets/{ticketId}/qr.png': 'read',
  'GET /tickets/{ticketId}/qr.svg': 'read',
  'GET /venues/{venueId}/edge-nodes': 'read',
  'GET /edge-nodes/{nodeId}': 'read',
  // catalog: venues, events, tiers, promo codes, gate rules
  'POST /organizations/{orgId}/venues': 'catalog',
  'PATCH /venues/{venueId}': 'catalog',
  'DELETE /venues/{venueId}': 'catalog',
  'POST /events': 'catalog',
  'PATCH /events/{eventId}': 'catalog',
  'POST /events/{eventId}/publish': 'catalog',
  'POST /events/{eventId}/cancel': 'catalog',
  'PUT /events/{eventId}/gate-rules': 'catalog',
  'POST /events/{eventId}/tiers': 'catalog',
  'PATCH /tiers/{tierId}': 'catalog',
  'DELETE /tiers/{tierId}': 'catalog',
  'POST /events/{eventId}/promo-codes': 'catalog',
  'PATCH /promo-codes/{promoId}': 'catalog',
  // box-office: settle, cancel and refund orders; cancel tickets
  'POST /orders/{orderId}/confirm': 'box-office',
  'POST /orders/{orderId}/cancel': 'box-office',
  'POST /orders/{orderId}/refunds': 'box-office',
  'POST /tickets/{ticketId}/cancel': 'box-office',
  // analytics
  'GET /events/{eventId}/attendance': 'analytics',
  // analytics and exports
  'GET /organizations/{orgId}/analytics/sales': 'analytics',
  'GET /events/{eventId}/analytics/sales': 'analytics',
  'GET /organizations/{orgId}/analytics/customers': 'analytics',
  'GET /organizations/{orgId}/analytics/dashboard': 'analytics',
  'GET /events/{eventId}/analytics/door': 'analytics',
  'GET /events/{eventId}/exports/orders.csv': 'analytics',
  'GET /events/{eventId}/exports/attendees.csv': 'analytics',
  'GET /events/{eventId}/exports/scans.csv': 'analytics',
  'GET /events/{eventId}/exports/refunds.csv': 'analytics',
  'GET /organizations/{orgId}/exports/orders.csv': 'analytics',
  'GET /organizations/{orgId}/exports/refunds.csv': 'analytics',
  // the organization's mail, deliveries and webhooks: read, or change like the catalog
  'GET /organizations/{orgId}/mail-settings': 'read',
  'PATCH /organizations/{orgId}/mail-settings': 'catalog',
  'GET /organizations/{orgId}/deliveries': 'read',
  'GET /organizations/{orgId}/deliveries/{deliveryId}': 'read',
  'POST /organizations/{orgId}/deliveries/{deliveryId}/retry': 'catalog',
  'GET /organizations/{orgId}/webhooks': 'read',
  'GET /organizations/{orgId}/webhooks/{endpointId}': 'read',
  'GET /organizations/{orgId}/webhooks/{endpointId}/deliveries': 'read',
  'POST /organizations/{orgId}/webhooks': 'catalog',
  'PATCH /organizations/{orgId}/webhooks/{endpointId}': 'catalog',
  'DELETE /organizations/{orgId}/webhooks/{endpointId}': 'catalog',
  'POST /organizations/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver': 'catalog',
  // messages to ticket holders: the box office speaks to its buyers
  'GET /events/{eventId}/messages': 'read',
  'POST /events/{eventId}/messages/preview': 'box-office',
  'POST /events/{eventId}/messages': 'box-office',
  // a person's own inbox and account mail
  'POST /auth/verify-email/resend': null,
  'GET /me/notifications': null,
  'POST /me/notifications/read-all': null,
  'POST /me/notifications/test': null,
  'POST /me/notifications/{id}/read': null,
  'GET /me/notification-preferences': null,
  'PUT /me/notification-preferences': null,
  // sync-ops: edge nodes, ticket-signing keys, sync state and reconciliation
  'POST /venues/{venueId}/edge-nodes': 'sync-ops',
  'PATCH /edge-nodes/{nodeId}': 'sync-ops',
  'DELETE /edge-nodes/{nodeId}': 'sync-ops',
  'POST /edge-nodes/{nodeId}/rotate-token': 'sync-ops',
  'POST /events/{eventId}/keys/rotate': 'sync-ops',
  'POST /events/{eventId}/keys/{kid}/revoke': 'sync-ops',
  'GET /venues/{venueId}/sync-status': 'sync-ops',
  'GET /events/{eventId}/reconciliation': 'sync-ops',
  // people only
  'GET /auth/me': null,
  'PATCH /auth/me': null,
  'DELETE /auth/me': null,
  'POST /organizations': null,
  'GET /organizations': null,
  'PATCH /organizations/{orgId}': null,
  'DELETE /organizations/{orgId}': null,
  'GET /organizations/{orgId}/members': null,
  'POST /organizations/{orgId}/members': null,
  'PATCH /organizations/{orgId}/members/{userId}': null,
  'DELETE /organizations/{orgId}/members/{userId}': null,
  'POST /organizations/{orgId}/api-keys': null,
  'GET /organizations/{orgId}/api-keys': null,
  'DELETE /organizations/{orgId}/api-keys/{keyId}': null,
  'POST /orders': null,
  'GET /me/orders': null,
  'POST /orders/{orderId}/payment': null,
  'GET /me/tickets': null,
  'PATCH /tickets/{ticketId}': null,
  'POST /tickets/{ticketId}/transfer': null,
  'POST /promo-codes/validate': null,
  'POST /tiers/{tierId}/waitlist': null,
  'GET /me/waitlist': null,
  'DELETE /waitlist/{entryId}': null,
};

const API_PREFIX = '/api/v1';

/** `METHOD /path` of the matched route, from Hono's pattern (`/api/v1/events/:eventId`). */
export function routeKey(method: string, routePath: string): string {
  const path = routePath.startsWith(API_PREFIX) ? routePath.slice(API_PREFIX.length) : routePath;
  // Hono answers HEAD with the GET route.
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return `${verb} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}
