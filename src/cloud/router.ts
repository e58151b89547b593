import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError, describeZodError } from '../shared/errors.ts';
import type { AppBindings } from './context.ts';

/** Every feature router reports validation failures the same way: 400 naming the field. */
export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    defaultHook: (result) => {
      if (!result.success) throw new AppError('BAD_REQUEST', describeZodError(result.error));
    },
  });
}

/**
 * A schema of a layer below (sync/, shared/) as a named component of the document. Those
 * layers build their schemas with plain zod, and zod 4 copies methods onto a schema when
 * it is created: one created before @hono/zod-openapi extended zod has no `.openapi`
 * (it depends on which module a process happened to import first). A copy made now has it.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  const current = schema as T & { openapi?: unknown };
  const fresh = typeof current.openapi === 'function' ? schema : (schema.clone() as T);
  return (fresh as unknown as { openapi(name: string): T }).openapi(name);
}

/** The one error shape of every route (src/shared/errors.ts), one named schema in the document. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'NOT_FOUND' }),
      message: z.string().openapi({ example: 'event not found' }),
      requestId: z.string().openapi({ description: 'Quote it when reporting a problem' }),
    }),
  })
  .openapi('Error');

/** An error answer; its description comes from the status (src/cloud/openapi.ts) unless a route says more. */
export const errorBody = {
  content: { 'application/json': { schema: errorSchema } },
  description: 'Error',
};

/**
 * A required JSON request body (without `required`, a request with no JSON content type
 * would skip validation), with an example typed by the schema; the lint test checks it too.
 */
export const json = <T extends z.ZodType>(schema: T, example?: z.input<T>) => ({
  content: { 'application/json': example === undefined ? { schema } : { schema, example } },
  required: true as const,
});

export const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const bearerAuth = [{ bearer: [] as string[] }];
/** The sync API of edge nodes: a node token, not a member's. */
export const nodeAuth = [{ edgeNode: [] as string[] }];
