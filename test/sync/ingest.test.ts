import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, startCursor } from '../../src/sync/cloud/cursor.ts';
import { planIngest } from '../../src/sync/cloud/ingest.ts';
import type { UploadedScan } from '../../src/sync/protocol.ts';

const scan = (seq: number): UploadedScan => ({
  seq,
  ticketId: `t${seq}`,
  eventId: 'e',
  laneId: 'l',
  direction: 'entry',
  decision: 'admit',
  reason: 'ok',
  hlc: `h${seq}`,
  at: '2026-01-01T00:00:00.000Z',
});

describe('planIngest', () => {
  it('applies the contiguous run after the acknowledged seq', () => {
    const plan = planIngest(2, [scan(3), scan(4), scan(5)]);
    expect(plan.apply.map((s) => s.seq)).toEqual([3, 4, 5]);
    expect(plan.newAckedSeq).toBe(5);
  });

  it('skips re-sent rows and applies only the new ones', () => {
    const plan = planIngest(4, [scan(3), scan(4), scan(5)]);
    expect(plan.apply.map((s) => s.seq)).toEqual([5]);
    expect(plan.newAckedSeq).toBe(5);
  });

  it('stops at a gap so the ack never jumps over a missing row', () => {
    const plan = planIngest(0, [scan(1), scan(2), scan(4)]);
    expect(plan.apply.map((s) => s.seq)).toEqual([1, 2]);
    expect(plan.newAckedSeq).toBe(2);
  });

  it('applies nothing when the batch starts after a gap', () => {
    expect(planIngest(0, [scan(2), scan(3)])).toEqual({ apply: [], newAckedSeq: 0 });
  });

  it('handles unordered batches and duplicates inside a batch', () => {
    const plan = planIngest(0, [scan(2), scan(1), scan(2), scan(3)]);
    expect(plan.apply.map((s) => s.seq)).toEqual([1, 2, 3]);
  });
});

describe('manifest cursor', () => {
  it('round-trips', () => {
    const c = { xid: 123456789012345n, ticketId: '01a1feb5-6581-7000-adf9-655cd0f11af0', venue: null };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    const stamped = { ...c, venue: '0123456789abcdef' };
    expect(decodeCursor(encodeCursor(stamped))).toEqual(stamped);
    expect(decodeCursor('')).toEqual(startCursor);
  });

  it('refuses cursors it did not make', () => {
    expect(decodeCursor('not-base64!')).toBeNull();
    expect(decodeCursor(Buffer.from("1:x'; drop table tickets").toString('base64url'))).toBeNull();
  });
});
