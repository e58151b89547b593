import type { UploadedScan } from '../../sync/protocol.ts';
import { addToDoorRollup } from '../analytics/door-rollup.ts';
import type { AuthedNode } from '../context.ts';
import type { CloudDb } from '../db/client.ts';
import { applyCheckins } from './checkins.service.ts';

/**
 * What the cloud derives from scans it has just stored, in the same transaction (called
 * once per upload by the ingest): the tickets' check-in state and the door rollup. Either
 * all of it commits with the scans or none does, so a retried upload never counts twice.
 */
export async function recordUploadedScans(
  tx: CloudDb,
  node: AuthedNode,
  stored: UploadedScan[],
): Promise<void> {
  if (stored.length === 0) return;
  await applyCheckins(tx, node.venueId, stored);
  await addToDoorRollup(tx, node, stored);
}
