import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { inlineHashes, pagePolicy } from '../../shared/security-headers.ts';
import type { AppBindings } from '../context.ts';

/*
 * The interactive API reference at /api/v1/docs. Swagger UI's files come from the
 * swagger-ui-dist npm package and are served from here, so the page works on a venue
 * network with no internet (no CDN).
 */
const require = createRequire(import.meta.url);
// Resolve the folder only: requiring the package itself would load the whole 1.5 MB UI bundle at start.
const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
const cache = new Map<string, Buffer>();

function asset(name: string): Buffer {
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(join(distDir, name));
    cache.set(name, body);
  }
  return body;
}

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>TixMo API reference</title>
  <link rel="icon" href="docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/assets/swagger-ui-bundle.js"></script>
  <script src="docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="docs/assets/init.js"></script>
</body>
</html>`;

// Kept out of the page so a strict Content-Security-Policy (no inline script) can apply.
const init = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  validatorUrl: null, // its default sends the document to validator.swagger.io and shows a badge from there
});`;

/**
 * Everything from this server (no CDN, no inline script). Swagger UI also draws data:
 * images, sets style attributes and renders its logo with a fixed <style> element; that
 * one is allowed by the hash of its text, read from the installed preset, so an upgrade
 * that changes it still works.
 */
let pageHeaders: Record<string, string> | undefined;
function docsPageHeaders(): Record<string, string> {
  if (!pageHeaders) {
    const preset = asset('swagger-ui-standalone-preset.js').toString('utf8');
    const styles = [...preset.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)].map(
      (m) => inlineHashes(`<style>${JSON.parse(m[1]!)}</style>`).styles[0]!,
    );
    pageHeaders = {
      'content-security-policy': pagePolicy({ images: ['data:'], styles, styleAttributes: true }),
    };
  }
  return pageHeaders;
}

export const docsRoutes = new Hono<AppBindings>()
  .get('/docs', (c) => c.html(page, 200, docsPageHeaders()))
  .get('/docs/assets/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  .get('/docs/assets/:file', (c) => {
    const name = c.req.param('file');
    const type = assets[name];
    if (!type) return c.notFound();
    return c.body(new Uint8Array(asset(name)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
