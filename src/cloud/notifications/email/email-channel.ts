import { join } from 'node:path';
import type { CloudDeps } from '../../context.ts';
import type { Channel, ClaimedDelivery, DeliveryOutcome } from '../channel.ts';
import { dropTurnedOff } from '../preferences.ts';
import { loadMailData } from './context.ts';
import { parseMailbox } from './format.ts';
import { MailSender } from './mail-sender.ts';
import { planEmail } from './planner.ts';
import { PLATFORM } from './templates/layout.ts';

const DEFAULT_FROM = `${PLATFORM} <tickets@localhost>`;

/**
 * Email: this thread reads what a batch needs from the database; the mail thread renders
 * each message from those rows (the state at send time), draws the QR codes, composes and
 * sends, so the thread that serves the API spends nothing but queries on mail. Sent over
 * SMTP when SMTP_URL is set; otherwise written as .eml files under the data dir with one
 * log line each (the embedded default, so `npm start` shows its mail).
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
  const from = parseMailbox(config.smtpFrom ?? DEFAULT_FROM);
  const platform = { ...from, domain: from.address.split('@')[1] ?? 'localhost' };

  async function deliver(
    batch: ClaimedDelivery[],
    report: (id: string, outcome: DeliveryOutcome) => void,
  ): Promise<void> {
    const data = await loadMailData(deps.db, batch);
    const env = { publicUrl: options.publicUrl, jwtSecret: config.jwtSecret, now: deps.now() };
    await sender.send({ deliveries: batch, data, env, platform }, (outcome) => {
      if ('skip' in outcome) return report(outcome.id, { skip: outcome.skip });
      if (!outcome.ok) {
        if (/^template/.test(outcome.error))
          logger.error('mail: template failed', { deliveryId: outcome.id, error: outcome.error });
        return report(outcome.id, {
          ok: false,
          permanent: outcome.permanent,
          error: outcome.error,
          address: outcome.to,
        });
      }
      report(outcome.id, { ok: true, address: outcome.to });
      // One line per message in the embedded default: where to find it, never what it says.
      if (outcome.file)
        logger.info('mail written', { to: outcome.to, subject: outcome.subject, file: outcome.file });
      else logger.debug('mail sent', { deliveryId: outcome.id, to: outcome.to });
    });
  }

  return {
    name: 'email',
    // Reminders and organizer messages skip those who turned that mail off.
    plan: async (db, rows) => dropTurnedOff(db, await planEmail(db, rows), 'email'),
    deliver,
    close: () => sender.close(),
  };
}
