import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailJob, MailOutcome, RenderRequest, TransportSettings } from './jobs.ts';
import { composeMessage } from './mime.ts';
import { qrPng } from './qr-png.ts';
import { renderMail } from './render.ts';

interface Transport {
  send(job: MailJob, raw: Buffer): Promise<{ file?: string }>;
  close(): void;
}

/** SMTP through nodemailer's pool: connections stay open, so a burst of mail costs no handshakes. */
function smtpTransport(settings: TransportSettings & { smtpUrl: string }): Transport {
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: settings.connections,
    maxMessages: Number.POSITIVE_INFINITY,
    // An unreachable server must fail the attempt soon (it is retried), not hang the batch.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(job, raw) {
      await transport.sendMail({ envelope: { from: job.envelopeFrom, to: [job.to.address] }, raw });
      return {};
    },
    close: () => transport.close(),
  };
}

/**
 * No SMTP server (the embedded default): each message becomes `<delivery id>.eml` in the
 * mail folder, readable by the owner only. A resend overwrites the same file.
 */
function fileTransport(dir: string): Transport {
  let ready: Promise<unknown> | undefined;
  return {
    async send(job, raw) {
      ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => chmod(dir, 0o700));
      await ready;
      const file = join(dir, `${job.id}.eml`);
      // Written aside and renamed, so a reader never sees half a message.
      const partial = `${file}.partial`;
      await writeFile(partial, raw, { mode: 0o600 });
      await rename(partial, file);
      return { file };
    },
    close() {},
  };
}

export function openTransport(settings: TransportSettings): Transport {
  return settings.smtpUrl
    ? smtpTransport({ ...settings, smtpUrl: settings.smtpUrl })
    : fileTransport(settings.mailDir);
}

/** A refusal the server means for good (5xx, e.g. no such mailbox), or a message we cannot build. */
function isPermanent(err: unknown): boolean {
  const e = err as { responseCode?: number; permanent?: boolean; name?: string };
  if (e.name === 'BadAddress') return true;
  return e.permanent === true || (typeof e.responseCode === 'number' && e.responseCode >= 500);
}

/** What a failure says, without anything that could hold a credential (the URL, the auth exchange). */
function describe(err: unknown): string {
  const e = err as { message?: string; code?: string; responseCode?: number };
  const message = (e.message ?? String(err)).split('\n')[0]!.replace(/\/\/[^@\s]*@/g, '//…@');
  return [e.code, e.responseCode, message].filter(Boolean).join(' ').slice(0, 500);
}

export function buildRaw(job: MailJob): Buffer {
  return composeMessage({
    from: job.from,
    to: job.to,
    replyTo: job.replyTo,
    subject: job.subject,
    messageId: job.messageId,
    date: new Date(job.date),
    headers: job.headers,
    text: job.text,
    html: job.html,
    inline: job.qr.map((q) => ({
      cid: q.cid,
      filename: q.filename,
      contentType: 'image/png',
      content: qrPng(q.code),
    })),
    calendar: job.calendar,
  });
}

/**
 * Renders, builds and sends a batch, up to `parallel` messages at once, reporting each
 * outcome as it comes; one message's failure (a refused address, a template that throws)
 * is its own outcome and never holds up the others.
 */
export async function sendBatch(
  transport: Transport,
  request: RenderRequest,
  parallel: number,
  onOutcome: (outcome: MailOutcome) => void,
): Promise<void> {
  let next = 0;
  const { deliveries, data, env, platform } = request;
  const lane = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++]!;
      let job: ReturnType<typeof renderMail>;
      try {
        job = renderMail(d, data, env, platform);
      } catch (err) {
        // A bug in one template fails that message (retried, logged), not the batch.
        onOutcome({
          id: d.id,
          ok: false,
          permanent: false,
          error: `template failed: ${(err as Error).message}`,
        });
        continue;
      }
      if ('skip' in job) {
        onOutcome({ id: d.id, skip: job.skip });
        continue;
      }
      try {
        const sent = await transport.send(job, buildRaw(job));
        onOutcome({ id: d.id, ok: true, to: job.to.address, subject: job.subject, ...sent });
      } catch (err) {
        onOutcome({
          id: d.id,
          ok: false,
          permanent: isPermanent(err),
          error: describe(err),
          to: job.to.address,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, lane));
}
