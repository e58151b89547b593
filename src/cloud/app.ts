import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { AppError } from '../shared/errors.ts';
import { securityHeaders } from '../shared/security-headers.ts';
import { API_BASE, createApiRoutes } from './api.ts';
import { readBody } from './body.ts';
import type { AppBindings, CloudDeps } from './context.ts';
import { docsRoutes } from './docs/docs.routes.ts';
import { refuseUnstorableInput } from './input-guard.ts';
import { livePageRoutes } from './live/live.routes.ts';
import { openApiDocument } from './openapi.ts';
import { countRequests } from './ops/metrics.ts';
import { opsRoutes } from './ops/ops.routes.ts';
import { limitByIp } from './rate-limit/rate-limit.ts';

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

  const api = createApiRoutes();
  api.get('/openapi.json', (c) =>
    c.json(openApiDocument(api, `${deps.config.publicUrl ?? new URL(c.req.url).origin}${API_BASE}`)),
  );
  api.route('/', docsRoutes);
  app.route(API_BASE, api);
  return app;
}
