import { Hono } from 'hono';
import { describeZodError } from '../../shared/errors.ts';
import type { Gossip } from './gossip.ts';
import { peerJournalQuerySchema, peerPushSchema, verifyPeerRequest } from './messages.ts';

/** The gossip endpoints an edge serves to its peers: /peer/v1/push and /peer/v1/journal. */
export function createPeerApp(deps: { gossip: Gossip; secret: string; now: () => number }) {
  const app = new Hono();
  const fail = (code: string, message: string, status: 400 | 401) =>
    new Response(JSON.stringify({ error: { code, message, requestId: '' } }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const authenticate = (req: Request, body: string) => {
    const url = new URL(req.url);
    return verifyPeerRequest(
      deps.secret,
      req.headers.get('x-tixmo-peer') ?? undefined,
      deps.now(),
      req.method,
      url.pathname + url.search,
      body,
    );
  };

  app.post('/peer/v1/push', async (c) => {
    const text = await c.req.text();
    const who = authenticate(c.req.raw, text);
    if ('refused' in who) return fail('UNAUTHORIZED', `peer refused: ${who.refused}`, 401);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail('BAD_REQUEST', 'body: not JSON', 400);
    }
    const parsed = peerPushSchema.safeParse(raw);
    if (!parsed.success) return fail('BAD_REQUEST', describeZodError(parsed.error), 400);
    if (parsed.data.nodeId !== who.nodeId)
      return fail('BAD_REQUEST', 'nodeId: does not match the signing node', 400);
    return c.json(deps.gossip.receive(who.nodeId, parsed.data.rows));
  });

  app.get('/peer/v1/journal', (c) => {
    const who = authenticate(c.req.raw, '');
    if ('refused' in who) return fail('UNAUTHORIZED', `peer refused: ${who.refused}`, 401);
    const query = peerJournalQuerySchema.safeParse(c.req.query());
    if (!query.success) return fail('BAD_REQUEST', describeZodError(query.error), 400);
    return c.json(deps.gossip.journal(query.data.after, query.data.limit));
  });
  return app;
}
