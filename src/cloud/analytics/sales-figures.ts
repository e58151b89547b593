import { z } from '@hono/zod-openapi';
import type { Bucket } from './range.ts';

/**
 * The sales figures, defined once: every endpoint and the live page build them from rows
 * of this shape, whatever they were read from (the rollup or the orders themselves).
 * - orders, tickets, gross (before discounts) and discounts count when an order is confirmed;
 * - refunds count when they are recorded (a failed card refund does not);
 * - net = gross − discounts − refunded.
 * Amounts of different currencies are never added together: each currency is its own line.
 */
export const moneyFiguresSchema = z.object({
  currency: z.string(),
  orders: z.number().int(),
  tickets: z.number().int(),
  grossCents: z.number().int(),
  discountCents: z.number().int(),
  refunds: z.number().int(),
  refundedCents: z.number().int(),
  netCents: z.number().int(),
});
export type MoneyFigures = z.infer<typeof moneyFiguresSchema>;

export interface SalesRow {
  bucket: Date | string;
  currency: string;
  orders: number | string;
  tickets: number | string;
  gross: number | string;
  discount: number | string;
  refunds: number | string;
  refunded: number | string;
}

function empty(currency: string): MoneyFigures {
  return {
    currency,
    orders: 0,
    tickets: 0,
    grossCents: 0,
    discountCents: 0,
    refunds: 0,
    refundedCents: 0,
    netCents: 0,
  };
}

function add(into: MoneyFigures, row: SalesRow): void {
  into.orders += Number(row.orders);
  into.tickets += Number(row.tickets);
  into.grossCents += Number(row.gross);
  into.discountCents += Number(row.discount);
  into.refunds += Number(row.refunds);
  into.refundedCents += Number(row.refunded);
  into.netCents = into.grossCents - into.discountCents - into.refundedCents;
}

const byCurrency = (m: Map<string, MoneyFigures>) =>
  [...m.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));

/** Totals per currency of some rows. */
export function totalsOf(rows: SalesRow[]): MoneyFigures[] {
  const totals = new Map<string, MoneyFigures>();
  for (const row of rows) {
    const t = totals.get(row.currency) ?? empty(row.currency);
    add(t, row);
    totals.set(row.currency, t);
  }
  return byCurrency(totals);
}

/** The rows laid into the range's buckets (every bucket listed, empty ones with no currency line). */
export function bucketed(buckets: Bucket[], rows: SalesRow[]) {
  const index = new Map(buckets.map((b) => [b.start, new Map<string, MoneyFigures>()]));
  for (const row of rows) {
    const slot = index.get(new Date(row.bucket).toISOString());
    if (!slot) continue;
    const f = slot.get(row.currency) ?? empty(row.currency);
    add(f, row);
    slot.set(row.currency, f);
  }
  return buckets.map((b) => ({ ...b, currencies: byCurrency(index.get(b.start)!) }));
}

export const bucketSchema = z.object({
  start: z.string(),
  local: z.string(),
  currencies: z.array(moneyFiguresSchema),
});
