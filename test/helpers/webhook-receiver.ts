import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as `standardwebhooks` verified it, or null when verification failed. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  verifyError: string | null;
  at: number;
}

export interface WebhookReceiver {
  port: number;
  url(path: string): string;
  /** The secret each path's messages must be signed with (the one its endpoint was created with). */
  secrets: Map<string, string>;
  /** How a path answers (default 204); may return a status, or 'hang' for no answer at all. */
  answer: Map<string, (n: number) => number | 'hang'>;
  received: ReceivedWebhook[];
  on(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on loopback that checks every message with the `standardwebhooks`
 * package's own verifier (written by the spec's authors, not by us).
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const secrets = new Map<string, string>();
  const answer = new Map<string, (n: number) => number | 'hang'>();
  const counts = new Map<string, number>();
  const hanging = new Set<import('node:http').ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: ReceivedWebhook['verified'] = null;
      let verifyError: string | null = null;
      const secret = secrets.get(path);
      try {
        if (!secret) throw new Error(`no secret for ${path}`);
        verified = new Webhook(secret).verify(
          body,
          req.headers as Record<string, string>,
        ) as ReceivedWebhook['verified'];
      } catch (err) {
        verifyError = (err as Error).message;
      }
      received.push({ path, headers: req.headers, body, verified, verifyError, at: Date.now() });
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const status = answer.get(path)?.(n) ?? 204;
      if (status === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? `refused with ${status}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    secrets,
    answer,
    received,
    on: (path) => received.filter((r) => r.path === path),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
