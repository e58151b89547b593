import { html } from '../format.ts';
import { greeting, page, paragraph, plain, type Template } from './layout.ts';

/** To the organization's owners: one of its webhook endpoints kept failing and was switched off. */
export const webhookDisabled: Template = (input) => {
  const url = typeof input.d.payload?.url === 'string' ? input.d.payload.url : 'a webhook endpoint';
  const reason = typeof input.d.payload?.reason === 'string' ? input.d.payload.reason : 'it kept failing';
  const org = input.org?.name ?? 'your organization';
  const line = `we have stopped sending webhooks of ${org} to ${url}: ${reason}.`;
  const next =
    'Messages are no longer sent to it. Once it answers again, enable it (PATCH the endpoint with "enabled": true) and redeliver what it missed from its delivery log.';
  return {
    subject: `Webhook endpoint disabled: ${url}`,
    text: plain(input, [greeting(input.to), '', line, '', next]),
    html: page(
      input,
      'A webhook endpoint was disabled',
      html`${paragraph(`${greeting(input.to)} ${line}`)}${paragraph(next)}`,
    ),
  };
};
