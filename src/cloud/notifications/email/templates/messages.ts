import type { EventRow, MessageRow } from '../context.ts';
import { bodyText, html } from '../format.ts';
import {
  greeting,
  link,
  PLATFORM,
  page,
  paragraph,
  plain,
  type RenderInput,
  type Template,
} from './layout.ts';

/**
 * An organizer's message as mail. Its subject and body are the organizer's own text:
 * the body goes into HTML only as escaped paragraphs (no markup of theirs survives) and
 * the subject into the header only through headerText (no line break survives).
 */
export function organizerMessageMail(input: RenderInput, message: MessageRow, event: EventRow) {
  const from = input.org?.name ?? PLATFORM;
  const intro = `A message from ${from} about ${event.name}:`;
  const body = bodyText(message.body).trim();
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => html`<p style="margin:0 0 12px;white-space:pre-line">${p}</p>`);
  return {
    subject: `${event.name}: ${message.subject}`,
    text: plain(input, [
      greeting(input.to),
      '',
      intro,
      '',
      body,
      '',
      `Event: ${link(input.env, `/events/${event.id}`)}`,
    ]),
    html: page(
      input,
      message.subject,
      html`${paragraph(greeting(input.to))}${paragraph(intro)}<blockquote style="margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #e4e4e7">${paragraphs}</blockquote>`,
    ),
  };
}

export const organizerMessage: Template = (input) => {
  const message = input.d.refId ? input.data.organizerMessages.get(input.d.refId) : undefined;
  if (!message) return { skip: 'the message is gone' };
  const event = input.data.events.get(message.eventId);
  if (!event) return { skip: 'the event is gone' };
  return organizerMessageMail(input, message, event);
};

export const testMail: Template = (input) => {
  const line = `This is the test message you asked for. Mail from ${PLATFORM} reaches you at ${input.to.email}.`;
  return {
    subject: `${PLATFORM} test message`,
    text: plain(input, [greeting(input.to), '', line]),
    html: page(input, 'Test message', html`${paragraph(greeting(input.to))}${paragraph(line)}`),
  };
};
