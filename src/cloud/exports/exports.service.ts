import { z } from '@hono/zod-openapi';
import type { CloudDeps } from '../context.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES, MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { type CsvValue, csvRecord, UTF8_BOM } from './csv.ts';
import { attendeesDataset, type Dataset, ordersDataset, refundsDataset, scansDataset } from './datasets.ts';
import { EXPORT_PAGE_ROWS, openRowSource, type RowSource } from './row-source.ts';

export const exportQuerySchema = z.object({
  bom: z.enum(['true', 'false']).default('false').openapi({
    description: '`true` starts the file with a UTF-8 byte order mark, so Excel reads accents right',
  }),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export { EXPORT_PAGE_ROWS };

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
 * The CSV as a pull stream: rows are fetched only when the client has taken the last
 * batch (node's socket backpressure reaches `pull`), so memory stays at one batch however
 * large the export and however slow the client. A client that goes away cancels the
 * stream: the batch in flight finishes, the cursor is closed and nothing more is read.
 */
function csvStream(
  deps: CloudDeps,
  dataset: Dataset,
  bom: boolean,
  scope: Record<string, string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let source: RowSource | null = null;
  let rows = 0;
  let pages = 0;
  let cancelled = false;
  let inflight: Promise<unknown> = Promise.resolve();
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    deps.logger.info(msg, { export: dataset.name, ...scope, rows, pages, ...fields });
  const finish = async () => {
    const open = source;
    source = null;
    await open?.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!source) {
          if (pages > 0) return;
          source = openRowSource(deps.db, dataset);
          controller.enqueue(encoder.encode(`${bom ? UTF8_BOM : ''}${csvRecord(dataset.header)}`));
          return;
        }
        let page: CsvValue[][];
        try {
          const reading = source.next();
          inflight = reading.catch(() => {});
          page = await reading;
        } catch (err) {
          if (cancelled) return;
          await finish().catch(() => {});
          // Headers are gone already: the client sees a cut download, the log says why.
          log('export failed', { err });
          controller.error(err);
          return;
        }
        // The client left while the batch was read: the stream is closed, drop it.
        if (cancelled) return;
        pages++;
        let chunk = '';
        for (const values of page) chunk += csvRecord(values);
        rows += page.length;
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (page.length < EXPORT_PAGE_ROWS) {
          await finish();
          log('export ended', { complete: true });
          controller.close();
        }
      },
      async cancel() {
        cancelled = true;
        // A batch already asked for still finishes (one FETCH or one short page); then the
        // cursor and its transaction end, so nothing of the export runs after this line.
        await inflight;
        await finish().catch(() => {});
        log('export ended', { complete: false });
      },
    },
    { highWaterMark: 0 },
  );
}
