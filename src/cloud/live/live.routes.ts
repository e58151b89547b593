import { Hono } from 'hono';
import type { AppBindings } from '../context.ts';
import { promoterPage, promoterPageCsp } from './live-page.ts';

/** `GET /live`: the promoters' live page (outside /api: a page, not an API resource). */
export const livePageRoutes = new Hono<AppBindings>().get('/live', (c) =>
  c.html(promoterPage, 200, {
    'content-security-policy': promoterPageCsp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  }),
);
