import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
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
});`;

export const docsRoutes = new Hono<AppBindings>()
  .get('/docs', (c) => c.html(page))
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
