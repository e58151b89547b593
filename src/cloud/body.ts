import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../shared/errors.ts';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
const tooLarge = () => new AppError('BAD_REQUEST', 'request body is larger than 2 MiB');

function readAll(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.resume(); // drain the rest; the answer goes out meanwhile
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

const fallback = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw tooLarge();
  },
});

/**
 * Reads a request's body (at most 2 MiB, else 400) straight from node's stream and
 * hands it to Hono's body cache, as raw bytes and as text: `c.req.json()`, `text()` and
 * `arrayBuffer()` then answer from it (byte for byte, so webhook signatures still
 * verify). Without this, the first body read makes @hono/node-server build a full
 * WHATWG Request (an AbortController and a web stream over the socket), which cost
 * about a tenth of the CPU of a whole order. Outside the node server (app.request in
 * tests) Hono's own bodyLimit does the job.
 */
export const readBody = createMiddleware<{ Bindings: Partial<HttpBindings> }>(async (c, next) => {
  const incoming = c.env?.incoming;
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') return next();
  if (!incoming) return fallback(c, next);
  const declared = Number(incoming.headers['content-length']);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await readAll(incoming, MAX_BODY_BYTES);
  const arrayBuffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  // arrayBuffer first: Hono derives any other kind (blob, formData) from the first entry.
  // (Hono's type says values; its code stores and expects promises.)
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
  cache.arrayBuffer = Promise.resolve(arrayBuffer);
  cache.text = Promise.resolve(bytes.toString('utf8'));
  await next();
});
