/** What the main thread hands the mail thread: everything needed to build and send one message. */
import type { Mailbox } from './mime.ts';

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
  | { id: string; ok: true; file?: string }
  | { id: string; ok: false; permanent: boolean; error: string };

export interface TransportSettings {
  /** smtp(s)://… ; null: write .eml files into `mailDir`. */
  smtpUrl: string | null;
  connections: number;
  mailDir: string;
}
