import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { requireNode } from '../auth/middleware.ts';
import type { AppBindings } from '../context.ts';
import { limitNode, limitRefusedNode } from '../rate-limit/rate-limit.ts';

/**
 * For every node-token route: authenticates the edge node, then spends that node's
 * budget for this kind of call (TIXMO_SYNC_RATE_LIMIT_PER_MINUTE). These routes are
 * exempt from the public per-IP limit — a venue's edges share one NAT address, and
 * their uploads must never push a refund's manifest pull into a 429 — but a request
 * whose token is refused counts against its IP like any other.
 */
export function requireNodeWithinBudget(kind: 'upload' | 'manifest' | 'wait' | 'heartbeat') {
  return createMiddleware<AppBindings>(async (c, next) => {
    try {
      await requireNode(c, async () => {});
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAUTHORIZED') await limitRefusedNode(c);
      throw err;
    }
    await limitNode(c, c.var.node.id, kind);
    await next();
  });
}
