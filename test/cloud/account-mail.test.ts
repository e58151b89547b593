import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { expectApiError, registerAccount } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { expectErrorBody, FACTORY_PASSWORD, rawRequest, withClockAhead } from './support.ts';

/**
 * The embedded default: no SMTP_URL, so every message is an .eml file under the data dir
 * and one log line.
 */
let cloud: TestCloud;
const lines: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({
    flags: { outboxPollMs: 50, publicUrl: 'https://tickets.example.com' },
    logger: createLogger({ level: 'info', json: true, write: (l) => lines.push(l) }),
  });
});
afterAll(async () => {
  await cloud?.close();
});

const mailDir = () => join(cloud.dataDir, 'mail');

async function mailFiles(): Promise<{ file: string; mail: ParsedMail }[]> {
  let names: string[] = [];
  try {
    names = readdirSync(mailDir()).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (n) => ({
      file: join(mailDir(), n),
      mail: await simpleParser(readFileSync(join(mailDir(), n))),
    })),
  );
}

const toOf = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : undefined);

async function mailFor(address: string, subject: RegExp, count = 1) {
  return eventually(async () => {
    const found = (await mailFiles()).filter(
      (f) => toOf(f.mail) === address && subject.test(f.mail.subject ?? ''),
    );
    return found.length >= count ? found : undefined;
  }, `${count} mail(s) "${subject}" to ${address}`);
}

async function oneMail(address: string, subject: RegExp) {
  const [first] = await mailFor(address, subject);
  return first!;
}

function tokenIn(mail: ParsedMail, path: string): string {
  const m = new RegExp(`https://tickets\\.example\\.com${path}\\?token=([^\\s"<]+)`).exec(mail.text ?? '');
  expect(m, `a ${path} link in the mail`).not.toBeNull();
  return decodeURIComponent(m![1]!);
}

describe('password reset', () => {
  it('answers the same for any address, mails a single-use link, and the reset ends every session', async () => {
    const user = await registerAccount(cloud.api, 'Forgetful');
    const known = await rawRequest(cloud, 'POST', '/auth/password-reset', {
      json: { email: user.user.email },
    });
    const unknown = await rawRequest(cloud, 'POST', '/auth/password-reset', {
      json: { email: 'nobody-here@test.tixmo' },
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const { file, mail } = await oneMail(user.user.email, /^Reset your TixMo password$/);
    expect(mail.text).toContain('The link works once, for 30 minutes.');
    expect(String(mail.html)).toContain('Choose a new password');
    const token = tokenIn(mail, '/reset-password');

    // The .eml is the owner's alone; its log line says where it is, never the link.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(mailDir()).mode & 0o777).toBe(0o700);
    // The mail worker writes the file, then reports it; the line follows the file, so wait for it.
    const line = await eventually(
      () => lines.find((l) => l.includes('"mail written"') && l.includes(file)),
      `the "mail written" log line for ${file}`,
    );
    expect(JSON.parse(line!)).toMatchObject({
      to: user.user.email,
      subject: 'Reset your TixMo password',
      file,
    });
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token.split('.')[1]!);
    await cloud.outbox.drain();
    expect((await mailFiles()).filter((f) => toOf(f.mail) === 'nobody-here@test.tixmo')).toHaveLength(0);

    const reset = await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
      json: { token, newPassword: 'a brand new password' },
    });
    expect(reset.status).toBe(204);
    await cloud.api.post('/auth/login', { email: user.user.email, password: 'a brand new password' });
    await expectApiError(
      cloud.api.post('/auth/login', { email: user.user.email, password: FACTORY_PASSWORD }),
      401,
    );
    // Sessions opened before the reset are over.
    await expectApiError(
      cloud.api.post('/auth/refresh', { refreshToken: user.refreshToken }),
      401,
      'UNAUTHORIZED',
    );
    // The link works once.
    const again = await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
      json: { token, newPassword: 'yet another password' },
    });
    expect(expectErrorBody(again, 400, 'BAD_REQUEST').message).toMatch(/^token: /);
  });

  it('using one link voids the older ones; a link past its 30 minutes is refused', async () => {
    const user = await registerAccount(cloud.api, 'Twice');
    await cloud.api.post('/auth/password-reset', { email: user.user.email });
    await mailFor(user.user.email, /^Reset your/);
    await cloud.api.post('/auth/password-reset', { email: user.user.email });
    const both = await mailFor(user.user.email, /^Reset your/, 2);
    const tokens = both.map((f) => tokenIn(f.mail, '/reset-password'));
    expect(new Set(tokens).size).toBe(2);
    const [first, second] = tokens.sort(); // token ids are time-ordered
    expect(
      (
        await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
          json: { token: second, newPassword: 'newer password 1' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
          json: { token: first, newPassword: 'newer password 2' },
        })
      ).status,
    ).toBe(400);

    const late = await registerAccount(cloud.api, 'Late');
    await cloud.api.post('/auth/password-reset', { email: late.user.email });
    const { mail } = await oneMail(late.user.email, /^Reset your/);
    const token = tokenIn(mail, '/reset-password');
    await withClockAhead(cloud, 31 * 60_000, async () => {
      const res = await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
        json: { token, newPassword: 'too late password' },
      });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/expired/);
    });
  });

  it('bad input is a 400 naming the field; a forged token is refused like a used one', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/auth/password-reset', { email: 'not an address' }, /^email: /],
      ['/auth/password-reset', {}, /^email: /],
      ['/auth/password-reset/confirm', { token: 'x', newPassword: 'long enough password' }, /^token: /],
      [
        '/auth/password-reset/confirm',
        { token: 'abcdefghijkl.mnop', newPassword: 'short' },
        /^newPassword: /,
      ],
      ['/auth/verify-email', { token: 'a\r\nb' }, /^token: /],
    ];
    for (const [path, json, message] of cases) {
      const res = await rawRequest(cloud, 'POST', path, { json });
      expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(message);
    }
    const user = await registerAccount(cloud.api, 'Forged');
    await cloud.api.post('/auth/password-reset', { email: user.user.email });
    const { mail } = await oneMail(user.user.email, /^Reset your/);
    const [id, mac] = tokenIn(mail, '/reset-password').split('.');
    const forged = `${id}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    const res = await rawRequest(cloud, 'POST', '/auth/password-reset/confirm', {
      json: { token: forged, newPassword: 'forged new password' },
    });
    expect(expectErrorBody(res, 400, 'BAD_REQUEST').message).toMatch(/^token: /);
  });

  it('mails one address at most three resets an hour, answering the same throughout', async () => {
    const user = await registerAccount(cloud.api, 'Flooded');
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await rawRequest(cloud, 'POST', '/auth/password-reset', {
        json: { email: user.user.email },
      });
      expect(res.status).toBe(202);
      answers.add(res.text);
    }
    expect(answers.size).toBe(1);
    await mailFor(user.user.email, /^Reset your/, 3);
    await cloud.outbox.drain();
    expect(
      (await mailFiles()).filter((f) => toOf(f.mail) === user.user.email && /^Reset/.test(f.mail.subject!)),
    ).toHaveLength(3);
  });
});

describe('address verification', () => {
  it('the welcome mail’s link verifies the address once; a new link can be asked for until then', async () => {
    const user = await registerAccount(cloud.api, 'Newcomer');
    const { mail } = await oneMail(user.user.email, /^Welcome to TixMo/);
    expect(mail.text).toContain('Hello Newcomer,');
    const first = tokenIn(mail, '/verify-email');
    const resent = await user.api.post('/auth/verify-email/resend');
    expect(resent.message).toMatch(/on its way/);
    const { mail: again } = await oneMail(user.user.email, /^Confirm your email address$/);
    const second = tokenIn(again, '/verify-email');
    expect(second).not.toBe(first);

    expect(await cloud.api.post('/auth/verify-email', { token: first })).toEqual({
      email: user.user.email,
      emailVerified: true,
    });
    // Verified: the other link is void, and no more are sent.
    await expectApiError(cloud.api.post('/auth/verify-email', { token: second }), 400, 'BAD_REQUEST');
    await expectApiError(cloud.api.post('/auth/verify-email', { token: first }), 400, 'BAD_REQUEST');
    await expectApiError(user.api.post('/auth/verify-email/resend'), 409, 'CONFLICT');
    // A reset token is no verification token, and the other way round.
    await cloud.api.post('/auth/password-reset', { email: user.user.email });
    const { mail: reset } = await oneMail(user.user.email, /^Reset your/);
    await expectApiError(
      cloud.api.post('/auth/verify-email', { token: tokenIn(reset, '/reset-password') }),
      400,
      'BAD_REQUEST',
    );
  });
});

describe('account mail requests per IP', () => {
  let limited: TestCloud;
  beforeAll(async () => {
    limited = await startTestCloud({ flags: { accountMailPerIpPerHour: 3 } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('are limited, with a 429 that says when to come back', async () => {
    for (let i = 0; i < 3; i++)
      await limited.api.post('/auth/password-reset', { email: `someone-${i}@test.tixmo` });
    const res = await rawRequest(limited, 'POST', '/auth/password-reset', {
      json: { email: 'one-more@test.tixmo' },
    });
    expect(expectErrorBody(res, 429, 'RATE_LIMITED').message).toMatch(/try again in an hour/);
  });
});
