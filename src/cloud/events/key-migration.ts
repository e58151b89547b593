import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import { ConfigError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CloudConfig } from '../config.ts';
import { type CloudDb, queryRows } from '../db/client.ts';
import { eventKeys } from '../db/schema.ts';
import { type Kek, KeyVaultError, keyEncryptionKey, openPrivateKey, sealPrivateKey } from './key-vault.ts';

/**
 * Run at every start, before the API serves, idempotent and safe with several instances
 * starting at once: proves that this cloud's KEK (or the previous one, while rotating)
 * opens the sealed keys, seals private keys an older version stored in plain text, and
 * seals again under the new KEK what the previous one sealed. A cloud given the wrong KEK
 * refuses to start (ConfigError: one line) instead of failing at the first free order.
 */
export async function sealEventKeys(deps: {
  db: CloudDb;
  config: Pick<CloudConfig, 'keyEncryptionKey' | 'previousKeyEncryptionKey'>;
  logger: Logger;
}): Promise<void> {
  const { db, logger } = deps;
  const current = keyEncryptionKey(deps.config.keyEncryptionKey);
  const previous = deps.config.previousKeyEncryptionKey
    ? keyEncryptionKey(deps.config.previousKeyEncryptionKey)
    : null;

  // First prove the keys open, so a wrong KEK changes nothing before the refusal.
  const sealers = await queryRows<{ kek: string; kid: string; sealed: string }>(
    db,
    sql`select distinct on (split_part(private_key_sealed, '.', 2))
          split_part(private_key_sealed, '.', 2) as kek, kid, private_key_sealed as sealed
        from event_keys where private_key_sealed is not null`,
  );
  for (const s of sealers) {
    if (s.kek !== current.id && s.kek !== previous?.id)
      throw new ConfigError(
        `cloud config: the event signing keys in this database are sealed with key-encryption key ${s.kek}, and TIXMO_KEY_ENCRYPTION_KEY is key ${current.id}: start with the key they were sealed with (to change it, set the old one as TIXMO_PREVIOUS_KEY_ENCRYPTION_KEY and the new one as TIXMO_KEY_ENCRYPTION_KEY)`,
      );
    try {
      openPrivateKey(s.kid, s.sealed);
    } catch (err) {
      if (err instanceof KeyVaultError) throw new ConfigError(`cloud config: ${err.message}`);
      throw err;
    }
  }

  const legacy = await db
    .select({ kid: eventKeys.kid, jwk: eventKeys.privateJwk })
    .from(eventKeys)
    .where(isNotNull(eventKeys.privateJwk));
  for (const row of legacy) {
    await db
      .update(eventKeys)
      .set({ privateKeySealed: sealPrivateKey(current, row.kid, row.jwk as JWK), privateJwk: null })
      .where(and(eq(eventKeys.kid, row.kid), isNotNull(eventKeys.privateJwk)));
  }
  if (legacy.length > 0)
    logger.info('sealed event signing keys stored in plain text', { keys: legacy.length });
  const resealed = previous ? await reseal(db, previous, current) : 0;
  if (resealed > 0)
    logger.info('sealed event signing keys again with the new key-encryption key', { keys: resealed });
  if (legacy.length + resealed > 0) await rewriteTable(db, logger);
}

async function reseal(db: CloudDb, from: Kek, to: Kek): Promise<number> {
  const rows = await db
    .select({ kid: eventKeys.kid, sealed: eventKeys.privateKeySealed })
    .from(eventKeys)
    .where(sql`split_part(${eventKeys.privateKeySealed}, '.', 2) = ${from.id}`);
  for (const row of rows) {
    const jwk = openPrivateKey(row.kid, row.sealed!);
    // Compare-and-set: another instance doing the same at the same time changes nothing twice.
    await db
      .update(eventKeys)
      .set({ privateKeySealed: sealPrivateKey(to, row.kid, jwk) })
      .where(and(eq(eventKeys.kid, row.kid), eq(eventKeys.privateKeySealed, row.sealed!)));
  }
  return rows.length;
}

/**
 * The old row versions (plain text, or sealed with the retired KEK) stay in the table's file until it is
 * rewritten; VACUUM FULL writes a new file and drops the old one. (WAL segments and
 * backups from before the upgrade still hold them: README "Security" says what to do.)
 */
async function rewriteTable(db: CloudDb, logger: Logger): Promise<void> {
  try {
    await db.execute(sql`vacuum full event_keys`);
  } catch (err) {
    logger.warn(
      'could not rewrite event_keys after sealing; old plain-text row versions remain until VACUUM',
      {
        error: (err as Error).message,
      },
    );
  }
}
