import { describe, expect, it } from 'vitest';
import { newId, newSecret } from '../../src/shared/ids.ts';

describe('ids', () => {
  it('makes UUIDv7 ids that sort in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The random tail is fresh for every id, across refills of the random pool (256 ids each).
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes 256-bit secrets', () => {
    expect(Buffer.from(newSecret(), 'base64url')).toHaveLength(32);
  });
});
