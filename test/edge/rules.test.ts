import { describe, expect, it } from 'vitest';
import { decideScan, type ScanFacts } from '../../src/edge/rules.ts';
import type { ManifestEvent } from '../../src/sync/protocol.ts';

const now = new Date('2026-06-01T20:00:00Z');
const sec = (d: string) => Date.parse(d) / 1000;
const event: ManifestEvent = {
  id: 'ev1',
  name: 'Show',
  status: 'PUBLISHED',
  startsAt: '2026-06-01T19:00:00Z',
  endsAt: '2026-06-01T23:00:00Z',
  doorsAt: null,
  keys: [],
  tiers: [],
};
const claims = {
  t: 'tk1',
  e: 'ev1',
  r: 'tier1',
  v: 1,
  nbf: sec('2026-05-31T19:00:00Z'),
  exp: sec('2026-06-02T05:00:00Z'),
};

function facts(over: Partial<ScanFacts> = {}): ScanFacts {
  return {
    check: { ok: true, claims, kid: 'k1' },
    keyEventId: 'ev1',
    event,
    ticket: undefined,
    direction: 'entry',
    isInside: false,
    now,
    ...over,
  };
}

describe('decideScan', () => {
  it('admits a valid code the manifest does not know yet (sold after the last sync)', () => {
    expect(decideScan(facts())).toEqual({ decision: 'admit', reason: 'ok', ticketId: 'tk1', eventId: 'ev1' });
  });

  it('admits a valid code the manifest knows', () => {
    const ticket = { id: 'tk1', eventId: 'ev1', tierId: 'tier1', status: 'VALID' as const, version: 1 };
    expect(decideScan(facts({ ticket })).decision).toBe('admit');
  });

  it.each([
    ['malformed', facts({ check: { ok: false, reason: 'malformed' } })],
    ['bad_signature', facts({ check: { ok: false, reason: 'bad_signature', claims } })],
    ['bad_signature', facts({ check: { ok: false, reason: 'unknown_key', claims } })],
    ['wrong_event', facts({ check: { ok: false, reason: 'unknown_key', claims }, event: undefined })],
    ['wrong_event', facts({ event: undefined })],
    ['bad_signature', facts({ keyEventId: 'another-event' })],
    ['cancelled', facts({ event: { ...event, status: 'CANCELLED' } })],
    ['not_yet_valid', facts({ now: new Date('2026-05-30T00:00:00Z') })],
    ['not_yet_valid', facts({ event: { ...event, doorsAt: '2026-06-01T20:30:00Z' } })],
    ['expired', facts({ now: new Date('2026-06-03T00:00:00Z') })],
    [
      'cancelled',
      facts({ ticket: { id: 'tk1', eventId: 'ev1', tierId: 'tier1', status: 'CANCELLED', version: 1 } }),
    ],
    [
      'revoked',
      facts({ ticket: { id: 'tk1', eventId: 'ev1', tierId: 'tier1', status: 'REFUNDED', version: 1 } }),
    ],
    [
      'revoked',
      facts({ ticket: { id: 'tk1', eventId: 'ev1', tierId: 'tier1', status: 'VALID', version: 2 } }),
    ],
    ['already_inside', facts({ isInside: true })],
    ['not_inside', facts({ direction: 'exit', isInside: false })],
  ] as const)('rejects %s', (reason, f) => {
    expect(decideScan(f)).toMatchObject({ decision: 'reject', reason });
  });

  it('admits an exit of someone inside', () => {
    expect(decideScan(facts({ direction: 'exit', isInside: true }))).toMatchObject({
      decision: 'admit',
      reason: 'ok',
    });
  });

  it('while a fresh journal rebuilds who is inside: entries and unknown exits wait, known facts still decide', () => {
    const rebuilding = (over: Partial<ScanFacts>) => decideScan(facts({ rebuilding: true, ...over })).reason;
    expect(rebuilding({})).toBe('rebuilding');
    expect(rebuilding({ direction: 'exit' })).toBe('rebuilding');
    expect(rebuilding({ isInside: true })).toBe('already_inside');
    expect(rebuilding({ direction: 'exit', isInside: true })).toBe('ok');
    expect(rebuilding({ event: { ...event, reentryPolicy: 'unlimited' } })).toBe('ok');
    expect(rebuilding({ now: new Date('2026-06-03T00:00:00Z') })).toBe('expired');
  });

  it('does not attribute an unverified code to a ticket', () => {
    expect(decideScan(facts({ check: { ok: false, reason: 'bad_signature', claims } }))).toMatchObject({
      ticketId: null,
      eventId: null,
    });
  });
});
