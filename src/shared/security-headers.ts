import { createHash } from 'node:crypto';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers for every response of the cloud and the edge (hono/secure-headers):
 * nosniff, no framing (X-Frame-Options and CSP frame-ancestors), no referrer, HSTS only
 * when the operator says the service is reached over HTTPS. Responses that are data get a
 * CSP that lets nothing load; an HTML page sets its own CSP (see `pagePolicy`), which is
 * kept.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds: number }) {
  return secureHeaders({
    overwrite: false,
    // Headers for browsers of another age (IE, Flash) cost every answer and protect nothing now.
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    xDnsPrefetchControl: false,
    originAgentCluster: false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}` : false,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  });
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** CSP hashes of a page's inline `<script>` (without src) and `<style>` blocks, exactly as served. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]!));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]!));
  return { scripts, styles };
}

/**
 * The CSP of an HTML page served with everything it needs (no CDN): scripts, styles,
 * images and connections from its own origin only, plus the hashes of its inline blocks;
 * never framed. `styleAttributes` allows inline `style="…"` attributes (not elements),
 * which markup built in the browser uses for widths and which cannot run code.
 */
export function pagePolicy(
  options: { scripts?: string[]; styles?: string[]; styleAttributes?: boolean; images?: string[] } = {},
): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${(options.scripts ?? []).join(' ')}`.trim(),
    `style-src 'self' ${(options.styles ?? []).join(' ')}`.trim(),
    ...(options.styleAttributes ? ["style-src-attr 'unsafe-inline'"] : []),
    `img-src 'self' ${(options.images ?? []).join(' ')}`.trim(),
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
