import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Where a webhook may go. An organization's URL must not reach the cloud's own network
 * (metadata services, databases, admin ports): loopback, private, link-local and other
 * non-public ranges are refused at creation and again at every delivery, after DNS
 * resolution, and the request then goes to the very address that was checked (a DNS
 * answer that changes between check and connect — rebinding — cannot slip through).
 */

/** Why an address is not public, or null when it is. */
export function privateRange(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return v4Range(address.split('.').map(Number));
  if (family === 6) return v6Range(address);
  return 'not an IP address';
}

function v4Range(b: number[]): string | null {
  const [a = 0, c = 0] = b;
  if (a === 0) return 'unspecified (0.0.0.0/8)';
  if (a === 127) return 'loopback (127.0.0.0/8)';
  if (a === 10) return 'private (10.0.0.0/8)';
  if (a === 172 && c >= 16 && c <= 31) return 'private (172.16.0.0/12)';
  if (a === 192 && c === 168) return 'private (192.168.0.0/16)';
  if (a === 169 && c === 254) return 'link-local (169.254.0.0/16)';
  if (a === 100 && c >= 64 && c <= 127) return 'carrier-grade NAT (100.64.0.0/10)';
  if (a === 192 && c === 0 && b[2] === 0) return 'IETF protocol assignments (192.0.0.0/24)';
  if (a === 198 && (c === 18 || c === 19)) return 'benchmarking (198.18.0.0/15)';
  if (a >= 224) return 'multicast or reserved (224.0.0.0/3)';
  return null;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail). */
function v6Groups(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [p, q, r, s] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

function v6Range(address: string): string | null {
  const g = v6Groups(address);
  const embedded = () => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff];
  if (g.every((x) => x === 0)) return 'unspecified (::)';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback (::1)';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  const mapped = g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) {
    const inner = v4Range(embedded());
    return inner ? `${inner}, as IPv6` : null;
  }
  const first = g[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((first & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((first & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)';
  if ((first & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (first === 0x2002)
    return v4Range([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]) ? '6to4 of a private address' : null;
  if (first === 0x2001 && g[1] === 0xdb8) return 'documentation (2001:db8::/32)';
  return null;
}

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Resolves the URL's host and checks every address it has (an attacker controls the
 * DNS zone, so one private answer among public ones is enough to refuse). Returns the
 * addresses to connect to, in the resolver's order.
 */
export async function resolveTarget(
  url: URL,
  allowPrivate: boolean,
): Promise<{ address: string; family: 4 | 6 }[]> {
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal as 4 | 6 }]
    : (await lookup(host, { all: true, verbatim: true })).map((a) => ({
        address: a.address,
        family: a.family as 4 | 6,
      }));
  if (addresses.length === 0) throw new TargetRefused(`${host} has no address`);
  if (!allowPrivate) {
    for (const a of addresses) {
      const range = privateRange(a.address);
      if (range)
        throw new TargetRefused(
          `${host === a.address ? host : `${host} resolves to ${a.address}, which`} is ${range}: webhooks go to public addresses only`,
        );
    }
  }
  return addresses;
}
