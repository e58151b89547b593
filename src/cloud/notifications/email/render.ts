import type { ClaimedDelivery } from '../channel.ts';
import type { MailData } from './context.ts';
import type { MailJob, RenderRequest } from './jobs.ts';
import { templates } from './templates/index.ts';
import { PLATFORM, type RenderEnv, senderName, unsubscribeLink } from './templates/layout.ts';

/** A claimed delivery as a message ready to compose, or why there is nothing to send. */
export function renderMail(
  d: ClaimedDelivery,
  data: MailData,
  env: RenderEnv,
  platform: RenderRequest['platform'],
): MailJob | { skip: string } {
  const to = data.users.get(d.recipient);
  if (!to || to.deletedAt) return { skip: 'the account was deleted' };
  const template = templates[d.template];
  if (!template) return { skip: `no template "${d.template}" in this version` };
  const org = d.orgId ? (data.orgs.get(d.orgId) ?? null) : null;
  const rendered = template({ d, to, org, data, env });
  if ('skip' in rendered) return rendered;
  const unsubscribe = unsubscribeLink({ d, to, org, data, env });
  return {
    id: d.id,
    messageId: `${d.id}@${platform.domain}`,
    envelopeFrom: platform.address,
    // The organization's name on its buyers' mail; the address stays the platform's (SPF, DKIM).
    from: { name: org ? senderName(org) : platform.name || PLATFORM, address: platform.address },
    to: { name: to.name, address: to.email },
    replyTo: org?.mailReplyTo ? { name: org.name, address: org.mailReplyTo } : null,
    subject: rendered.subject,
    date: env.now.getTime(),
    headers: [
      ['Auto-Submitted', 'auto-generated'],
      // RFC 8058: mail clients offer one-click unsubscribe (a POST to the link, no sign-in).
      ...(unsubscribe
        ? ([
            ['List-Unsubscribe', `<${unsubscribe}>`],
            ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
          ] as [string, string][])
        : []),
    ],
    text: rendered.text,
    html: rendered.html.value,
    qr: rendered.qr ?? [],
    calendar: rendered.calendar ?? null,
  };
}
