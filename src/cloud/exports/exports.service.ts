import { z } from '@hono/zod-openapi';
import type { CloudDeps } from '../context.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES, MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { csvRecord, UTF8_BOM } from './csv.ts';
import { attendeesDataset, type Dataset, ordersDataset, refundsDataset, scansDataset } from './datasets.ts';
import { type ByteSource, openByteSource } from './row-source.ts';

export const exportQuerySchema = z.object({
  bom: z.enum(['true', 'false']).default('false').openapi({
    description: '`true` starts the file with a UTF-8 byte order mark, so Excel reads accents right',
  }),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export type EventExport = 'orders' | 'attendees' | 'scans' | 'refunds';
export type OrgExport = 'orders' | 'refunds';

export interface CsvExport {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Money and personal data (orders, attendees, refunds) go to OWNER/ADMIN; scans carry
 * ticket ids only, so every member (the door staff) may take them. Another tenant's
 * event is a 404.
 */
export async function exportEventCsv({
  deps,
  userId,
  eventId,
  kind,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  eventId: string;
  kind: EventExport;
  query: ExportQuery;
}): Promise<CsvExport> {
  const event = await loadEventFor(deps.db, userId, eventId, {
    roles: kind === 'scans' ? ALL_ROLES : MANAGERS,
  });
  const dataset =
    kind === 'orders'
      ? ordersDataset({ eventId })
      : kind === 'attendees'
        ? attendeesDataset(eventId)
        : kind === 'scans'
          ? scansDataset(eventId, event.venueId)
          : refundsDataset({ eventId });
  return {
    filename: `${kind}-${eventId}.csv`,
    body: csvStream(deps, dataset, query.bom === 'true', { eventId }),
  };
}

export async function exportOrgCsv({
  deps,
  userId,
  orgId,
  kind,
  query,
}: {
  deps: CloudDeps;
  userId: string;
  orgId: string;
  kind: OrgExport;
  query: ExportQuery;
}): Promise<CsvExport> {
  await requireOrgRole(deps.db, userId, orgId, MANAGERS, 'organization');
  const dataset = kind === 'orders' ? ordersDataset({ orgId }) : refundsDataset({ orgId });
  return {
    filename: `${kind}-${orgId}.csv`,
    body: csvStream(deps, dataset, query.bom === 'true', { orgId }),
  };
}

/**
 * The CSV as a pull stream: bytes are read only when the client has taken the last
 * chunk (node's socket backpressure reaches `pull`), so memory stays flat however large
 * the export and however slow the client. A client that goes away cancels the stream:
 * the read in flight finishes, the source is closed (on Postgres the COPY is ended) and
 * nothing more is read.
 */
function csvStream(
  deps: CloudDeps,
  dataset: Dataset,
  bom: boolean,
  scope: Record<string, string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let source: ByteSource | null = null;
  let cancelled = false;
  let inflight: Promise<unknown> = Promise.resolve();
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    deps.logger.info(msg, { export: dataset.name, ...scope, rows: source?.rows ?? 0, ...fields });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source = openByteSource(deps.db, dataset);
        controller.enqueue(
          encoder.encode(`${bom ? UTF8_BOM : ''}${csvRecord(dataset.columns.map(([name]) => name))}`),
        );
      },
      async pull(controller) {
        if (!source) return;
        let chunk: Uint8Array | null;
        try {
          const reading = source.next();
          inflight = reading.catch(() => {});
          chunk = await reading;
        } catch (err) {
          if (cancelled) return;
          await source.close().catch(() => {});
          // Headers are gone already: the client sees a cut download, the log says why.
          log('export failed', { err });
          controller.error(err);
          return;
        }
        // The client left while the chunk was read: the stream is closed, drop it.
        if (cancelled) return;
        if (chunk) {
          controller.enqueue(chunk);
          return;
        }
        log('export ended', { complete: true });
        controller.close();
      },
      async cancel() {
        cancelled = true;
        // A read already asked for still finishes; then the source ends (the COPY with
        // it), so nothing of the export runs after this line.
        await inflight;
        await source?.close().catch(() => {});
        log('export ended', { complete: false });
      },
    },
    { highWaterMark: 0 },
  );
}
