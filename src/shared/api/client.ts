import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.ts';

/** Where the cloud serves its API; every path of the OpenAPI document is relative to it. */
export const API_BASE = '/api/v1';

/** A client of the cloud's API typed by its OpenAPI document (schema.ts, generated). */
export type CloudClient = Client<paths>;

/** A typed client of the cloud at `cloudUrl`, sending `token` (an access token or API key) if given. */
export function cloudClient(cloudUrl: string, token?: string): CloudClient {
  return createClient<paths>({
    baseUrl: new URL(API_BASE, cloudUrl).href,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** An answer outside 2xx, with the cloud's error envelope (`{ error: { code, message, requestId } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string } },
  ) {
    super(`HTTP ${status}: ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim());
  }
}

/** The data of a 2xx answer of a CloudClient call, or an ApiError. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as ApiError['body']);
  return data as T;
}
