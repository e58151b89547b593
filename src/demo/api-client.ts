/** A small client for the cloud's public API (docs/contract.md), used by the demo and the tests. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string } },
  ) {
    super(`HTTP ${status}: ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim());
  }
}

export class CloudApi {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  as(token: string): CloudApi {
    return new CloudApi(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
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
