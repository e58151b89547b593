import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/cloud/db/schema.ts',
  out: './drizzle/cloud',
});
