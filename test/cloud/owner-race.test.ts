import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/cloud/db/client.ts';
import { lockOwners } from '../../src/cloud/orgs/members.service.ts';
import { postgresAvailable, startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { type Account, registerAccount } from '../helpers/factories.ts';
import { eventually } from '../helpers/processes.ts';
import { FACTORY_PASSWORD, type RawResponse, rawRequest } from './support.ts';

/**
 * Two OWNERs taking themselves away at the same moment, on the real Postgres server
 * (READ COMMITTED, a connection pool): exactly one may go, the organization always
 * keeps an OWNER. Before owners were locked, most rounds ended with none.
 */
describe.skipIf(!postgresAvailable())('an organization never loses its last OWNER (real Postgres)', () => {
  let cloud: TestCloud;
  let a: Account;
  let b: Account;

  beforeAll(async () => {
    cloud = await startTestCloud({ engine: 'postgres' });
    a = await registerAccount(cloud.api, 'Owner A');
    b = await registerAccount(cloud.api, 'Owner B');
  });
  afterAll(async () => {
    await cloud?.close();
  });

  async function orgOfTwoOwners(first: Account, second: Account): Promise<string> {
    const org = await first.api.post('/organizations', { name: 'Two owners' });
    await first.api.post(`/organizations/${org.id}/members`, { email: second.user.email, role: 'OWNER' });
    return org.id;
  }

  const owners = async (orgId: string) =>
    (
      await queryRows<{ n: number }>(
        cloud.deps.db,
        sql`select count(*)::int as n from memberships where org_id = ${orgId} and role = 'OWNER'`,
      )
    )[0]!.n;

  const leave = (who: Account, orgId: string) =>
    rawRequest(cloud, 'DELETE', `/organizations/${orgId}/members/${who.user.id}`, { token: who.accessToken });
  const demote = (who: Account, orgId: string) =>
    rawRequest(cloud, 'PATCH', `/organizations/${orgId}/members/${who.user.id}`, {
      token: who.accessToken,
      json: { role: 'ADMIN' },
    });

  function expectOneWent(results: RawResponse[]) {
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0], results.map((r) => r.text).join('\n')).toBeLessThan(300);
    expect(statuses[1]).toBe(409);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.error.message).toBe(
      'the organization needs at least one OWNER: make someone else OWNER first',
    );
  }

  it('both leave, both demote themselves, or one of each: 45 rounds, one OWNER always stays', async () => {
    const moves = [
      [leave, leave],
      [demote, demote],
      [leave, demote],
    ] as const;
    for (let round = 0; round < 45; round++) {
      const orgId = await orgOfTwoOwners(a, b);
      const [moveA, moveB] = moves[round % moves.length]!;
      const results = await Promise.all([moveA(a, orgId), moveB(b, orgId)]);
      expect(await owners(orgId), `round ${round}`).toBe(1);
      expectOneWent(results);
    }
  }, 300_000);

  it('an OWNER deleting their account waits for the other OWNER leaving at that moment, then is refused', async () => {
    const deleting = await registerAccount(cloud.api, 'Deleting owner');
    const orgId = await orgOfTwoOwners(deleting, b);
    const waitingOnLocks = async () =>
      (
        await queryRows<{ n: number }>(
          cloud.deps.db,
          sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
        )
      )[0]!.n;
    let deleted: Promise<RawResponse> | undefined;
    // B leaves in a transaction that holds the owners' rows, as changeMember does; the
    // deletion arrives in the middle and must wait for it instead of counting B as still there.
    await cloud.deps.db.transaction(async (tx) => {
      await lockOwners(tx, orgId);
      deleted = rawRequest(cloud, 'DELETE', '/auth/me', {
        token: deleting.accessToken,
        json: { password: FACTORY_PASSWORD },
      });
      await Promise.race([
        deleted,
        eventually(async () => ((await waitingOnLocks()) > 0 ? true : undefined), 'the deletion waits'),
      ]);
      await tx.execute(sql`delete from memberships where org_id = ${orgId} and user_id = ${b.user.id}`);
    });
    const answer = await deleted!;
    expect(await owners(orgId)).toBe(1);
    expect(answer.status, answer.text).toBe(409);
    expect(answer.body.error.message).toMatch(/you are the only OWNER of organization/);
  });
});
