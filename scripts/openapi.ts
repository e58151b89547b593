// `npm run openapi:generate`: writes the TypeScript types of the cloud's OpenAPI document
// to src/shared/api/schema.ts, which the typed client (src/shared/api/client.ts) of the
// demo and the CLI is built on: a route renamed or reshaped in the document then breaks
// `tsc` wherever a client calls it. The document is built from the routes alone (no cloud
// is started). test/cloud/openapi-client.test.ts fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApiRoutes } from '../src/cloud/api.ts';
import { openApiDocument } from '../src/cloud/openapi.ts';
import { API_BASE } from '../src/shared/api/client.ts';

export const schemaFile = fileURLToPath(new URL('../src/shared/api/schema.ts', import.meta.url));
export const generateCommand = 'npm run openapi:generate';

/** The file's text for a document (the served one or one built here: `servers` does not matter). */
export async function apiTypes(doc: object): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript takes its own OpenAPI3 type
  const types = astToString(await openapiTS(doc as any, { alphabetize: true }));
  return `// Generated from the cloud's OpenAPI document by \`${generateCommand}\`: do not edit.\n\n${types}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, await apiTypes(openApiDocument(createApiRoutes(), API_BASE)));
  process.stdout.write(`wrote ${schemaFile}\n`);
}
