import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorBody } from '../router.ts';
import type { Category } from './categories.ts';
import { html } from './email/format.ts';
import { tokenTarget, unsubscribeByToken } from './preferences.ts';

const names: Record<Category, string> = {
  transactional: 'order and ticket mail',
  reminders: 'reminders before events',
  organizerMessages: 'messages from organizers',
};
const query = z.object({
  token: z.string().min(1).max(300).describe('the signed token from the mail’s link'),
});
const htmlPage = (description: string) => ({
  content: { 'text/html': { schema: z.string() } },
  description,
});

function pageOf(title: string, body: ReturnType<typeof html>): string {
  return html`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;max-width:480px;margin:48px auto;padding:0 16px;color:#18181b">
<h1 style="font-size:20px">${title}</h1>${body}</body></html>`.value;
}

const confirm = createRoute({
  method: 'get',
  path: '/unsubscribe',
  operationId: 'showUnsubscribePage',
  summary: 'Show the unsubscribe page',
  description:
    'The page a mail’s unsubscribe link opens: it asks to confirm, because link scanners follow links and a GET must never unsubscribe.',
  tags: ['notifications'],
  request: { query },
  responses: {
    200: htmlPage('A page asking to confirm (a GET never unsubscribes: link scanners follow links)'),
    400: errorBody,
  },
});

const oneClick = createRoute({
  method: 'post',
  path: '/unsubscribe',
  operationId: 'unsubscribe',
  summary: 'Unsubscribe from a mail category',
  description:
    'RFC 8058 one-click unsubscribe with the token of the mail’s link (no sign-in): that category’s mail is turned off.',
  tags: ['notifications'],
  request: { query },
  responses: {
    200: htmlPage(
      'RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click, no sign-in): that category’s mail is off',
    ),
    400: errorBody,
    404: errorBody,
  },
});

export const unsubscribeRoutes = createRouter()
  .openapi(confirm, (c) => {
    const { token } = c.req.valid('query');
    const target = tokenTarget(c.var.deps, token);
    const action = `?token=${encodeURIComponent(token)}`;
    return c.html(
      pageOf(
        'Unsubscribe',
        html`<p>Stop mail with ${names[target.category]}? You can turn it on again in your account’s notification settings.</p>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="padding:10px 18px">Unsubscribe</button></form>`,
      ),
      200,
    );
  })
  .openapi(oneClick, async (c) => {
    const target = await unsubscribeByToken({ deps: c.var.deps, token: c.req.valid('query').token });
    return c.html(
      pageOf('Unsubscribed', html`<p>You will get no more mail with ${names[target.category]}.</p>`),
      200,
    );
  });
