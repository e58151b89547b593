import { API_BASE, ApiError } from '../shared/api/client.ts';

export { ApiError };

/**
 * An untyped convenience over the cloud's API for tests (any path, loose JSON). The demo
 * and the CLI use the typed client generated from the OpenAPI document instead
 * (src/shared/api/client.ts).
 */
export class CloudApi {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  as(token: string): CloudApi {
    return new CloudApi(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${API_BASE}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T;
    if (!res.ok) throw new ApiError(res.status, data as { error?: { code?: string; message?: string } });
    return data;
  }

  post<T = any>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  get<T = any>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
}
