/**
 * What passes between the main thread and the mail thread: the claimed deliveries with
 * the database rows they need (the main thread only reads and writes the database), and
 * one outcome per delivery back.
 */
import type { ClaimedDelivery } from '../channel.ts';
import type { MailData } from './context.ts';
import type { Mailbox } from './mime.ts';
import type { RenderEnv } from './templates/layout.ts';

export interface RenderRequest {
  deliveries: ClaimedDelivery[];
  data: MailData;
  env: RenderEnv;
  /** The platform's sender (SMTP_FROM) and the domain of Message-IDs. */
  platform: Mailbox & { domain: string };
}

/** One message, rendered: everything needed to compose and send it. */
export interface MailJob {
  /** The delivery id; also the Message-ID's local part. */
  id: string;
  messageId: string;
  /** SMTP envelope sender (bounces go here). */
  envelopeFrom: string;
  from: Mailbox;
  to: Mailbox;
  replyTo: Mailbox | null;
  subject: string;
  /** ms since the epoch */
  date: number;
  headers: [string, string][];
  text: string;
  html: string;
  /** Ticket codes to draw as inline QR images (`cid:` in the HTML). */
  qr: { cid: string; code: string; filename: string }[];
  calendar: { filename: string; content: string } | null;
}

export type MailOutcome =
  | { id: string; ok: true; to: string; subject: string; file?: string }
  | { id: string; ok: false; permanent: boolean; error: string; to?: string }
  /** Nothing to send (the account was deleted, the ticket moved on…). */
  | { id: string; skip: string };

export interface TransportSettings {
  /** smtp(s)://… ; null: write .eml files into `mailDir`. */
  smtpUrl: string | null;
  connections: number;
  mailDir: string;
}
