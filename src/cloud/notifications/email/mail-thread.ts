/**
 * The mail thread: renders each message from the rows the main thread read, draws the QR
 * images, composes it and hands it to SMTP (or writes the .eml file). It runs at a lower CPU priority than the thread that serves the
 * API (Linux sets nice per thread), so during an on-sale the mail waits for spare CPU
 * instead of slowing the orders that cause it; the outbox keeps it meanwhile.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderRequest, TransportSettings } from './jobs.ts';
import { openTransport, sendBatch } from './transport.ts';

export const MAIL_THREAD_NICE = 10;

const settings = workerData as TransportSettings;
try {
  setPriority(0, MAIL_THREAD_NICE);
} catch {
  // Not allowed here (some containers): the thread still works, at normal priority.
}
const transport = openTransport(settings);
const parallel = settings.smtpUrl ? settings.connections * 2 : 8;

parentPort!.on('message', (message: { seq: number; request: RenderRequest } | { close: true }) => {
  if ('close' in message) {
    transport.close();
    parentPort!.close();
    return;
  }
  void sendBatch(transport, message.request, parallel, (outcome) =>
    parentPort!.postMessage({ seq: message.seq, outcome }),
  );
});
