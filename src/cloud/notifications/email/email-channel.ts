import { join } from 'node:path';
import type { CloudDeps } from '../../context.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome } from '../channel.ts';
import { loadMailData } from './context.ts';
import { parseMailbox } from './format.ts';
import type { MailJob } from './jobs.ts';
import { MailSender } from './mail-sender.ts';
import { planEmail } from './planner.ts';
import { templates } from './templates/index.ts';
import { PLATFORM, senderName } from './templates/layout.ts';

const DEFAULT_FROM = `${PLATFORM} <tickets@localhost>`;

/**
 * Email: renders each claimed delivery from the database as it is now (in this thread:
 * string building only), then the mail thread draws QR codes, composes and sends. Sent
 * over SMTP when SMTP_URL is set; otherwise written as .eml files under the data dir
 * with one log line each (the embedded default, so `npm start` shows its mail).
 */
export function createEmailChannel(deps: CloudDeps, options: { publicUrl: string }): Channel {
  const { config, logger } = deps;
  const sender = new MailSender(
    {
      smtpUrl: config.smtpUrl ?? null,
      connections: config.smtpConnections,
      mailDir: join(config.dataDir, 'mail'),
    },
    logger,
  );
  const platform = parseMailbox(config.smtpFrom ?? DEFAULT_FROM);
  const domain = platform.address.split('@')[1] ?? 'localhost';

  async function deliver(
    batch: ClaimedDelivery[],
    report: (id: string, outcome: DeliveryOutcome) => void,
  ): Promise<void> {
    const data = await loadMailData(deps.db, batch);
    const env = { publicUrl: options.publicUrl, jwtSecret: config.jwtSecret, now: deps.now() };
    const jobs: MailJob[] = [];
    const about = new Map<string, { to: string; subject: string; template: string }>();
    for (const d of batch) {
      const to = data.users.get(d.recipient);
      if (!to || to.deletedAt) {
        report(d.id, { skip: 'the account was deleted' });
        continue;
      }
      const template = templates[d.template];
      if (!template) {
        report(d.id, { skip: `no template "${d.template}" in this version` });
        continue;
      }
      const org = d.orgId ? (data.orgs.get(d.orgId) ?? null) : null;
      let rendered: ReturnType<typeof template>;
      try {
        rendered = template({ d, to, org, data, env });
      } catch (err) {
        // A bug in one template must not stop the rest of the batch.
        logger.error('mail: template failed', { template: d.template, deliveryId: d.id, err });
        report(d.id, { ok: false, permanent: false, error: `template failed: ${(err as Error).message}` });
        continue;
      }
      if ('skip' in rendered) {
        report(d.id, rendered);
        continue;
      }
      jobs.push({
        id: d.id,
        messageId: `${d.id}@${domain}`,
        envelopeFrom: platform.address,
        // The organization's name on its buyers' mail; the address stays the platform's (SPF, DKIM).
        from: { name: org ? senderName(org) : platform.name || PLATFORM, address: platform.address },
        to: { name: to.name, address: to.email },
        replyTo: org?.mailReplyTo ? { name: org.name, address: org.mailReplyTo } : null,
        subject: rendered.subject,
        date: env.now.getTime(),
        headers: [['Auto-Submitted', 'auto-generated']],
        text: rendered.text,
        html: rendered.html.value,
        qr: rendered.qr ?? [],
        calendar: rendered.calendar ?? null,
      });
      about.set(d.id, { to: to.email, subject: rendered.subject, template: d.template });
    }
    await sender.send(jobs, (outcome) => {
      const mail = about.get(outcome.id);
      if (!outcome.ok) {
        report(outcome.id, {
          ok: false,
          permanent: outcome.permanent,
          error: outcome.error,
          address: mail?.to,
        });
        return;
      }
      report(outcome.id, { ok: true, address: mail?.to });
      // One line per message in the embedded default: where to find it, never what it says.
      if (outcome.file)
        logger.info('mail written', { to: mail?.to, subject: mail?.subject, file: outcome.file });
      else logger.debug('mail sent', { deliveryId: outcome.id, to: mail?.to, template: mail?.template });
    });
  }

  return { name: 'email', plan: planEmail, deliver, close: () => sender.close() };
}
