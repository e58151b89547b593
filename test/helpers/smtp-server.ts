import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.ts';

export interface ReceivedMail {
  raw: Buffer;
  from: string;
  to: string[];
  /** The Message-ID header, as received (angle brackets included). */
  messageId: string;
}

export interface TestSmtpServer {
  port: number;
  /** smtp://user:pass@127.0.0.1:port — the credentials are checked. */
  url: string;
  mails: ReceivedMail[];
  /** Credentials the server accepted, one per authenticated connection. */
  logins: string[];
  /** Resolves once `count` mails matching `match` have arrived. */
  waitFor(count: number, match?: (m: ReceivedMail) => boolean): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  port?: number;
  /** An SMTP reply for a recipient, e.g. `{ code: 550, message: 'no such user' }`; null accepts. */
  refuseRecipient?: (address: string) => { code: number; message: string } | null;
  /** Called with each message once its data is in, before the server answers 250; await it to hold the answer. */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port, that keeps every
 * message it accepts. No TLS; AUTH PLAIN/LOGIN with user `tixmo`, password `mail-secret`.
 */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const logins: string[] = [];
  const waiters: {
    count: number;
    match: (m: ReceivedMail) => boolean;
    resolve: (m: ReceivedMail[]) => void;
  }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const found = mails.filter(w.match);
      if (found.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === 'tixmo' && auth.password === 'mail-secret') {
        logins.push(auth.username);
        callback(null, { user: auth.username });
      } else callback(new Error('invalid credentials'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address);
      if (!refusal) return callback();
      const err = new Error(refusal.message) as Error & { responseCode: number };
      err.responseCode = refusal.code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const header = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('utf8');
        const mail: ReceivedMail = {
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^message-id:\s*(\S+)/im.exec(header)?.[1] ?? '',
        };
        mails.push(mail);
        check();
        Promise.resolve(options.beforeAccept?.(mail)).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      });
    },
  });
  const port = options.port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  return {
    port,
    url: `smtp://tixmo:mail-secret@127.0.0.1:${port}`,
    mails,
    logins,
    waitFor(count, match = () => true) {
      return new Promise((resolve) => {
        waiters.push({ count, match, resolve });
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function parseMail(mail: ReceivedMail): Promise<ParsedMail> {
  return simpleParser(mail.raw);
}

/**
 * The first mail to `address` whose subject matches, parsed (waiting for it). Other mail
 * to the same address (a welcome mail, say) is passed over.
 */
export async function mailTo(
  smtp: TestSmtpServer,
  address: string,
  subject: RegExp,
): Promise<{ received: ReceivedMail; parsed: ParsedMail }> {
  for (let n = 1; ; n++) {
    const mails = await smtp.waitFor(n, (m) => m.to.includes(address));
    for (const received of mails) {
      const parsed = await parseMail(received);
      if (subject.test(parsed.subject ?? '')) return { received, parsed };
    }
  }
}
