import { expect } from 'vitest';
import type { UploadedScan } from '../../src/sync/protocol.ts';
import type { TestCloud } from '../helpers/cloud.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in tests
  body: any;
}

/**
 * A request without the API client, for what the client cannot send or hides:
 * exact status codes, headers, raw bodies, odd content types.
 */
export async function rawRequest(
  cloud: TestCloud,
  method: string,
  path: string,
  options: {
    token?: string;
    json?: unknown;
    body?: string;
    contentType?: string;
    authorization?: string;
  } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.body !== undefined) body = options.body;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const res = await fetch(`${cloud.url}/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Asserts the one error body shape (unkey style) and returns the error. */
export function expectErrorBody(
  res: RawResponse,
  status: number,
  code: string,
): { code: string; message: string; requestId: string } {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.body).sort()).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message', 'requestId']);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(typeof res.body.error.requestId).toBe('string');
  expect(res.body.error.requestId.length).toBeGreaterThan(0);
  return res.body.error;
}

/**
 * Runs `fn` with the cloud's clock moved `offsetMs` ahead, then puts it back. The
 * cloud reads time only through `deps.now`, so no test has to sleep.
 */
export async function withClockAhead<T>(
  cloud: TestCloud,
  offsetMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const original = cloud.deps.now;
  cloud.deps.now = () => new Date(Date.now() + offsetMs);
  try {
    return await fn();
  } finally {
    cloud.deps.now = original;
  }
}

/** The password `registerAccount` gives every test account. */
export const FACTORY_PASSWORD = 'correct horse battery';

/** A journal row as an edge node uploads it. */
export function scanRow(seq: number, fields: Partial<UploadedScan> = {}): UploadedScan {
  return {
    seq,
    ticketId: null,
    eventId: null,
    laneId: 'north-1',
    direction: 'entry',
    decision: 'admit',
    reason: 'ok',
    hlc: `${String(1_700_000_000_000 + seq).padStart(15, '0')}:0000:node`,
    at: new Date(Date.UTC(2026, 0, 1, 20, 0, seq)).toISOString(),
    ...fields,
  };
}
