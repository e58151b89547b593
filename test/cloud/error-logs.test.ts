import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { rawRequest } from './support.ts';

/**
 * A query that fails inside a request is logged by its SQL and the database's error
 * code, never by its parameters: those hold what was being written (here a new
 * account's email and password hash).
 */
describe.each(['pglite', 'postgres'] as const)('unhandled errors in the log (%s)', (engine) => {
  let cloud: TestCloud;
  const lines: string[] = [];
  beforeAll(async () => {
    cloud = await startTestCloud({
      engine,
      logger: createLogger({ level: 'info', json: true, write: (l) => lines.push(l) }),
    });
    // A fault in the database: it refuses this one name, as a broken constraint would.
    await cloud.deps.db.execute(sql.raw(`alter table users add constraint no_boom check (name <> 'Boom')`));
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('names the failed statement and its error code, not the values it carried', async () => {
    const email = `leak-${Date.now()}@test.tixmo`;
    const res = await rawRequest(cloud, 'POST', '/auth/register', {
      json: { email, password: 'a secret password', name: 'Boom' },
    });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    const logged = lines.filter((l) => l.includes(res.body.error.requestId));
    expect(logged).toHaveLength(1);
    const record = JSON.parse(logged[0]!);
    expect(record.err.message).toMatch(/^Failed query: insert into "users"/);
    expect(record.err.cause.code).toBe('23514');
    const text = logged[0]!;
    expect(text).not.toContain(email);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain('params');
    expect(text).not.toContain('Boom');
  });
});
