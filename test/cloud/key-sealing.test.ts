import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/cloud/config.ts';
import { queryRows } from '../../src/cloud/db/client.ts';
import { openPrivateKey } from '../../src/cloud/events/key-vault.ts';
import { type RunningCloud, startCloud } from '../../src/cloud/server.ts';
import { CloudApi } from '../../src/demo/api-client.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { importEventKey, verifyTicketCode } from '../../src/shared/ticket-code.ts';
import { createTestDatabase, postgresAvailable, startTestCloud } from '../helpers/cloud.ts';
import { registerAccount, setupEvent } from '../helpers/factories.ts';
import { pgBin } from '../helpers/postgres-server.ts';

const silent = createLogger({ level: 'silent' });
interface KeyRow {
  kid: string;
  public_jwk: Record<string, unknown>;
  private_jwk: Record<string, unknown> | null;
  private_key_sealed: string | null;
}

const keyRows = (cloud: RunningCloud) =>
  queryRows<KeyRow>(
    cloud.deps.db,
    sql`select kid, public_jwk, private_jwk, private_key_sealed from event_keys`,
  );

/** A published event with a free ticket signed, and a second (rotated) key; returns the buyer's codes. */
async function eventWithSignedTickets(api: CloudApi) {
  const setup = await setupEvent(api);
  await setup.promoter.api.post(`/events/${setup.eventId}/keys/rotate`);
  const buyer = await registerAccount(api, 'Buyer');
  await buyer.api.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 2 }] });
  const codes = ((await buyer.api.get('/me/tickets')).data as { code: string }[]).map((t) => t.code);
  return { setup, buyer, codes };
}

/** The private scalar of each key, opened with the cloud's own KEK (what an attacker must not find on disk). */
function privateScalars(rows: KeyRow[]): string[] {
  return rows.map((r) => {
    expect(r.private_jwk).toBeNull();
    expect(r.private_key_sealed).toMatch(/^v1\./);
    const d = openPrivateKey(r.kid, r.private_key_sealed!).d;
    expect(typeof d).toBe('string');
    return d!;
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

async function verifies(code: string, rows: KeyRow[]) {
  const byKid = new Map(rows.map((r) => [r.kid, r.public_jwk]));
  return verifyTicketCode(code, async (kid) => {
    const jwk = byKid.get(kid);
    return jwk ? importEventKey(jwk as JWK) : undefined;
  });
}

describe('event signing keys are sealed at rest', () => {
  it('PGlite: no file of the data dir (tables, WAL) holds a private key, though the public keys are there', async () => {
    const cloud = await startTestCloud();
    const { codes } = await eventWithSignedTickets(cloud.api);
    const rows = await keyRows(cloud);
    expect(rows).toHaveLength(2);
    const secrets = privateScalars(rows);
    for (const code of codes) expect((await verifies(code, rows)).ok).toBe(true);
    const dataDir = cloud.dataDir;
    await cloud.deps.db.execute(sql`checkpoint`);
    // Read the files while the cloud is still up (close removes the data dir).
    const raw = Buffer.concat(filesUnder(join(dataDir, 'pgdata')).map((f) => readFileSync(f)));
    await cloud.close();
    expect(raw.includes(String(rows[0]!.public_jwk.x)), 'the search finds what is stored').toBe(true);
    for (const d of secrets) {
      expect(raw.includes(d)).toBe(false);
      expect(raw.includes(Buffer.from(d, 'base64url'))).toBe(false);
    }
  }, 300_000);

  it.skipIf(!postgresAvailable())('Postgres: pg_dump of the database holds no private key', async () => {
    const cloud = await startTestCloud({ engine: 'postgres' });
    try {
      await eventWithSignedTickets(cloud.api);
      const rows = await keyRows(cloud);
      const secrets = privateScalars(rows);
      const pgDump = pgBin('pg_dump');
      expect(pgDump, 'pg_dump (Debian package postgresql)').toBeTruthy();
      const dump = execFileSync(pgDump!, ['--dbname', cloud.deps.config.databaseUrl!], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(dump).toContain(rows[0]!.kid);
      expect(dump).toContain(String(rows[0]!.public_jwk.x));
      for (const d of secrets) expect(dump).not.toContain(d);
    } finally {
      await cloud.close();
    }
  });

  // Restarts on one database: on the Postgres server, which starts in a fraction of PGlite's time.
  it.skipIf(!postgresAvailable())(
    'keys an older version stored in plain text are sealed at the next start (once), and keep signing',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-legacy-keys-'));
      const databaseUrl = await createTestDatabase();
      const start = (env: NodeJS.ProcessEnv = {}) =>
        startCloud(loadCloudConfig({ port: 0, dataDir, databaseUrl, logLevel: 'silent' }, env), silent);
      let cloud = await start();
      const api = new CloudApi(cloud.url);
      const { setup, buyer } = await eventWithSignedTickets(api);
      const before = await keyRows(cloud);
      // What the table looked like before sealing: the private JWK in plain text.
      for (const r of before) {
        const jwk = openPrivateKey(r.kid, r.private_key_sealed!);
        await cloud.deps.db.execute(
          sql`update event_keys set private_jwk = ${JSON.stringify(jwk)}::jsonb, private_key_sealed = null where kid = ${r.kid}`,
        );
      }
      await cloud.close();

      cloud = await start();
      const after = await keyRows(cloud);
      expect(after.map((r) => r.kid).sort()).toEqual(before.map((r) => r.kid).sort());
      privateScalars(after);
      const plainText = await queryRows<{ n: number }>(
        cloud.deps.db,
        sql`select count(*)::int as n from event_keys where private_jwk is not null`,
      );
      expect(plainText[0]!.n).toBe(0);
      const again = new CloudApi(cloud.url).as(buyer.accessToken);
      await again.post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      const codes = ((await again.get('/me/tickets')).data as { code: string }[]).map((t) => t.code);
      expect(codes).toHaveLength(3);
      for (const code of codes) expect((await verifies(code, after)).ok).toBe(true);
      await cloud.close();

      cloud = await start();
      expect(await keyRows(cloud)).toEqual(after);
      await cloud.close();
    },
    180_000,
  );

  it.skipIf(!postgresAvailable())(
    'rotating the KEK seals every key again; the retired KEK alone, or a wrong one, is refused at start',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-kek-'));
      const databaseUrl = await createTestDatabase();
      const oldKek = 'the old key-encryption key, 32 chars or more';
      const newKek = 'the new key-encryption key, 32 chars or more';
      const start = (env: NodeJS.ProcessEnv) =>
        startCloud(loadCloudConfig({ port: 0, dataDir, databaseUrl, logLevel: 'silent' }, env), silent);
      let cloud = await start({ TIXMO_KEY_ENCRYPTION_KEY: oldKek });
      const { setup, buyer } = await eventWithSignedTickets(new CloudApi(cloud.url));
      const sealedOld = await keyRows(cloud);
      await cloud.close();

      const refused = await start({ TIXMO_KEY_ENCRYPTION_KEY: newKek }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as Error).message).toMatch(
        /^cloud config: the event signing keys in this database are sealed with key-encryption key \S+, and TIXMO_KEY_ENCRYPTION_KEY is key \S+: start with the key they were sealed with/,
      );
      expect((refused as Error).message).not.toContain(newKek);

      cloud = await start({ TIXMO_KEY_ENCRYPTION_KEY: newKek, TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY: oldKek });
      const sealedNew = await keyRows(cloud);
      expect(sealedNew.map((r) => r.private_key_sealed)).not.toEqual(
        sealedOld.map((r) => r.private_key_sealed),
      );
      expect(privateScalars(sealedNew).sort()).toEqual(privateScalars(sealedOld).sort());
      await cloud.close();

      cloud = await start({ TIXMO_KEY_ENCRYPTION_KEY: newKek });
      const order = await new CloudApi(cloud.url)
        .as(buyer.accessToken)
        .post('/orders', { items: [{ tierId: setup.freeTierId, quantity: 1 }] });
      expect(order.status).toBe('CONFIRMED');
      await cloud.close();
      await expect(start({ TIXMO_KEY_ENCRYPTION_KEY: oldKek })).rejects.toThrow(
        /sealed with key-encryption key/,
      );
    },
    180_000,
  );
});
