import { describe, expect, it } from 'vitest';
import { webhookRetryAt } from '../../src/cloud/notifications/webhooks/health.ts';
import { privateRange } from '../../src/cloud/notifications/webhooks/target.ts';

describe('webhook targets', () => {
  it('names the range of every non-public address, v4 and v6, IPv4-mapped included', () => {
    const cases: [string, RegExp][] = [
      ['127.0.0.1', /^loopback/],
      ['127.255.0.9', /^loopback/],
      ['10.9.8.7', /^private \(10/],
      ['172.16.0.1', /^private \(172/],
      ['172.31.255.255', /^private \(172/],
      ['192.168.0.1', /^private \(192\.168/],
      ['169.254.169.254', /^link-local/],
      ['100.64.0.1', /^carrier-grade NAT/],
      ['0.0.0.0', /^unspecified/],
      ['224.0.0.1', /^multicast/],
      ['::1', /^loopback/],
      ['::', /^unspecified/],
      ['fe80::1', /^link-local/],
      ['fd12:3456::1', /^unique local/],
      ['::ffff:127.0.0.1', /^loopback .*as IPv6/],
      ['::ffff:7f00:1', /^loopback .*as IPv6/],
      ['::ffff:192.168.1.1', /^private .*as IPv6/],
      ['64:ff9b::10.0.0.1', /^private .*as IPv6/],
      ['ff02::1', /^multicast/],
    ];
    for (const [address, range] of cases) expect(privateRange(address), address).toMatch(range);
    for (const address of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(privateRange(address), address).toBeNull();
  });
});

describe('webhook retry schedule', () => {
  it('doubles its waits and gives up after about three days, whatever the first wait', () => {
    for (const base of [5, 30, 120]) {
      const config = { webhookRetrySeconds: base, webhookRetryHours: 72 };
      let at = new Date(0);
      let attempts = 1;
      const waits: number[] = [];
      for (;;) {
        const next = webhookRetryAt(attempts, at, config, 0);
        if (!next) break;
        waits.push(next.getTime() - at.getTime());
        at = next;
        attempts++;
      }
      expect(waits[0]).toBe(base * 1000);
      expect(waits[1]).toBe(base * 2000);
      expect(Math.max(...waits)).toBe(8 * 3600_000);
      // The last attempt falls inside the three days, the one after it would not.
      expect(at.getTime()).toBeLessThanOrEqual(72 * 3600_000);
      expect(at.getTime()).toBeGreaterThan(64 * 3600_000);
    }
  });
});
