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
});
