import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { CloudDeps } from '../context.ts';
import { queryRows } from '../db/client.ts';
import { loadEventFor } from '../events/events.service.ts';
import { ALL_ROLES, MANAGERS, requireOrgRole } from '../orgs/access.ts';
import { csvRecord, UTF8_BOM } from './csv.ts';
import { attendeesDataset, type Dataset, ordersDataset, refundsDataset, scansDataset } from './datasets.ts';

export const exportQuerySchema = z.object({
  bom: z.enum(['true', 'false']).default('false').openapi({
    description: '`true` starts the file with a UTF-8 byte order mark, so Excel reads accents right',
  }),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** Rows fetched per page: what one export holds in memory at most, whatever its size. */
export const EXPORT_PAGE_ROWS = 1000;

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
 * One page, in a transaction that forbids sorting: the page must come off the index in key
 * order. On a table whose statistics are stale (a large event sold or seeded since the last
 * analyse) the planner otherwise guesses a few rows and sorts everything after the key for
 * every page, which turns a large export quadratic.
 */
function readPage(deps: CloudDeps, dataset: Dataset, after: string[] | null) {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    return queryRows<Record<string, unknown>>(tx, dataset.page(after, EXPORT_PAGE_ROWS));
  });
}

/**
 * The CSV as a pull stream: a page is fetched only when the client has taken the last one
 * (node's socket backpressure reaches `pull`), so memory stays at one page however large
 * the export and however slow the client. A client that goes away cancels the stream and
 * no further page is queried.
 */
function csvStream(
  deps: CloudDeps,
  dataset: Dataset,
  bom: boolean,
  scope: Record<string, string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string[] | null = null;
  let rows = 0;
  let pages = 0;
  let started = false;
  let cancelled = false;
  let inflight: Promise<unknown> = Promise.resolve();
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    deps.logger.info(msg, { export: dataset.name, ...scope, rows, pages, ...fields });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${bom ? UTF8_BOM : ''}${csvRecord(dataset.header)}`));
          return;
        }
        let page: Record<string, unknown>[];
        try {
          const reading = readPage(deps, dataset, after);
          inflight = reading.catch(() => {});
          page = await reading;
        } catch (err) {
          if (cancelled) return;
          // Headers are gone already: the client sees a cut download, the log says why.
          log('export failed', { err });
          controller.error(err);
          return;
        }
        // The client left while the page was read: the stream is closed, drop it.
        if (cancelled) return;
        pages++;
        let chunk = '';
        for (const r of page) {
          const { key, values } = dataset.row(r);
          after = key;
          chunk += csvRecord(values);
        }
        rows += page.length;
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (page.length < EXPORT_PAGE_ROWS) {
          log('export ended', { complete: true });
          controller.close();
        }
      },
      async cancel() {
        cancelled = true;
        // A page already asked for still finishes (one short indexed query); the export
        // counts as ended once it has, so nothing of it runs on the server after this line.
        await inflight;
        log('export ended', { complete: false });
      },
    },
    { highWaterMark: 0 },
  );
}
