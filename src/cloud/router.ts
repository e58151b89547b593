import { OpenAPIHono, type z } from '@hono/zod-openapi';
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

export const errorBody = {
  content: {
    'application/json': {
      schema: {
        type: 'object' as const,
        properties: {
          error: {
            type: 'object' as const,
            properties: {
              code: { type: 'string' as const },
              message: { type: 'string' as const },
              requestId: { type: 'string' as const },
            },
          },
        },
      },
    },
  },
  description: 'Error',
};

/** A required JSON request body (without `required`, a request with no JSON content type would skip validation). */
export const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});

export const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const bearerAuth = [{ bearer: [] as string[] }];
