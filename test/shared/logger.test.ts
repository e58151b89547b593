import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/shared/logger.ts';

describe('logger', () => {
  it('masks fields that look like credentials, at any depth', () => {
    expect(
      redact({ nodeToken: 'abc', nested: { password: 'p', ok: 1 }, list: [{ authorization: 'Bearer x' }] }),
    ).toEqual({
      nodeToken: '[redacted]',
      nested: { password: '[redacted]', ok: 1 },
      list: [{ authorization: '[redacted]' }],
    });
  });

  it('writes one JSON line per record at or above the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', json: true, write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('shown', { refreshToken: 'rt_secret', lane: 'north-1' });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({
      level: 'info',
      msg: 'shown',
      lane: 'north-1',
      refreshToken: '[redacted]',
    });
    expect(lines[0]).not.toContain('rt_secret');
  });

  it('logs a failed query by its SQL and the cause by name and code, never the parameters', () => {
    const cause = Object.assign(new Error('value "2147483648" is out of range for type integer'), {
      code: '22003',
    });
    const err = new DrizzleQueryError(
      'insert into "users" ("id", "password_hash") values ($1, $2)',
      ['u1', 'scrypt$32768$secret'],
      cause,
    );
    expect(err.message).toContain('scrypt$');
    expect(redact({ err })).toEqual({
      err: {
        name: 'DrizzleQueryError',
        message: 'Failed query: insert into "users" ("id", "password_hash") values ($1, $2)',
        cause: { name: 'Error', message: 'value "…" is out of range for type integer', code: '22003' },
      },
    });
  });
});
