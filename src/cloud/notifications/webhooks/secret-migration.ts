import { and, eq } from 'drizzle-orm';
import type { Logger } from '../../../shared/logger.ts';
import type { CloudConfig } from '../../config.ts';
import type { CloudDb } from '../../db/client.ts';
import { webhookEndpoints } from '../../db/schema.ts';
import { openSecret, sealedUnder, sealSecret } from './secret.ts';

/**
 * Run at every start, idempotent and safe with several instances starting at once: seals
 * under this cloud's KEK every webhook secret that an older cloud sealed under its JWT
 * secret (`v1.`), or that the previous KEK sealed while it is being rotated. A secret
 * that opens with neither is left as it is (its deliveries fail, saying so) and counted.
 */
export async function sealWebhookSecrets(deps: {
  db: CloudDb;
  config: Pick<CloudConfig, 'jwtSecret' | 'keyEncryptionKey' | 'previousKeyEncryptionKey'>;
  logger: Logger;
}): Promise<void> {
  const { db, config, logger } = deps;
  const rows = await db
    .select({ id: webhookEndpoints.id, sealed: webhookEndpoints.secretSealed })
    .from(webhookEndpoints);
  let sealed = 0;
  let unopened = 0;
  for (const row of rows) {
    if (sealedUnder(config.keyEncryptionKey, row.sealed)) continue;
    const secret = openSecret(config, row.id, row.sealed);
    if (secret === null) {
      unopened++;
      continue;
    }
    // Compare-and-set: another instance doing the same at the same time changes nothing twice.
    await db
      .update(webhookEndpoints)
      .set({ secretSealed: sealSecret(config.keyEncryptionKey, row.id, secret) })
      .where(and(eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.secretSealed, row.sealed)));
    sealed++;
  }
  if (sealed > 0)
    logger.info('sealed webhook signing secrets with the key-encryption key', { endpoints: sealed });
  if (unopened > 0)
    logger.warn(
      'webhook signing secrets that open with neither this cloud’s key-encryption key nor its JWT secret: their deliveries fail until the endpoint is made again',
      { endpoints: unopened },
    );
}
