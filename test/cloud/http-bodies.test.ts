import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { registerAccount } from '../helpers/factories.ts';
import { expectErrorBody, rawRequest } from './support.ts';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
});

/** A POST whose body is streamed in chunks with no Content-Length (chunked encoding). */
function postChunked(path: string, chunks: Buffer[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer and close before it has read everything.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? undefined : reject(err)));
    const write = (i: number) => {
      if (i === chunks.length) return req.end();
      if (!req.write(chunks[i])) req.once('drain', () => write(i + 1));
      else setImmediate(() => write(i + 1));
    };
    write(0);
  });
}

describe('request bodies', () => {
  it('a body over 2 MiB is 400 saying so, declared or streamed, and the server keeps serving', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await rawRequest(cloud, 'POST', '/auth/register', {
      body: big,
      contentType: 'application/json',
    });
    expect(expectErrorBody(declared, 400, 'BAD_REQUEST').message).toBe('request body is larger than 2 MiB');

    const streamed = await postChunked(
      '/auth/register',
      Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 'x')),
    );
    expect(streamed.status).toBe(400);
    expect(JSON.parse(streamed.text).error.message).toBe('request body is larger than 2 MiB');

    const account = await registerAccount(cloud.api);
    expect(account.user.id).toEqual(expect.any(String));
  });

  it('malformed JSON is 400, and a body split over many chunks is read whole', async () => {
    const bad = await rawRequest(cloud, 'POST', '/auth/login', {
      body: '{"email": ',
      contentType: 'application/json',
    });
    expect(expectErrorBody(bad, 400, 'BAD_REQUEST').message).toMatch(/JSON/i);

    const body = JSON.stringify({
      email: `split-${Date.now()}@test.tixmo`,
      password: 'long enough secret',
      name: 'Split',
    });
    const pieces = [...Buffer.from(body)].map((b) => Buffer.from([b]));
    const split = await postChunked('/auth/register', pieces);
    expect(split.status, split.text).toBe(201);
    expect(JSON.parse(split.text).user.name).toBe('Split');
  });

  it('a multi-byte UTF-8 name survives the body reader', async () => {
    const res = await rawRequest(cloud, 'POST', '/auth/register', {
      json: { email: `utf-${Date.now()}@test.tixmo`, password: 'long enough secret', name: 'Zoë 東京 🎫' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.user.name).toBe('Zoë 東京 🎫');
  });
});
