import { Worker } from 'node:worker_threads';
import type { Logger } from '../../../shared/logger.ts';
import type { MailOutcome, RenderRequest, TransportSettings } from './jobs.ts';

// Built (dist/): the compiled mail-thread.js runs as it is. From sources: mail-thread.mjs
// registers tsx first, since a worker thread does not inherit the loader of its parent.
const threadEntry = new URL(
  import.meta.url.endsWith('.ts') ? './mail-thread.mjs' : './mail-thread.js',
  import.meta.url,
);

interface Waiter {
  open: Set<string>;
  onOutcome: (outcome: MailOutcome) => void;
  done: () => void;
}

/**
 * The main thread's side of the mail thread (mail-thread.ts). Each message's outcome
 * comes back as soon as it is known, so a sent message is recorded without waiting for
 * a slow one beside it (and a crash resends as little as possible). The thread starts
 * with the first message to send, so an instance that sends nothing never pays for it;
 * if it dies, its open messages answer a transient failure and the next send starts a new one.
 */
export class MailSender {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  private closed = false;

  constructor(
    private readonly settings: TransportSettings,
    private readonly logger: Logger,
  ) {}

  /** Renders and sends a batch, calling `onOutcome` for each message as it finishes; resolves when all have. */
  send(request: RenderRequest, onOutcome: (outcome: MailOutcome) => void): Promise<void> {
    // Closed: no outcome, as for what was in flight at close(), so the worker gives the
    // claims back. Never a new thread: its low priority would let a busy CPU hold the
    // instance's shutdown for as long as the CPU stays busy.
    if (request.deliveries.length === 0 || this.closed) return Promise.resolve();
    const worker = this.thread();
    const seq = ++this.seq;
    return new Promise((done) => {
      this.waiting.set(seq, { open: new Set(request.deliveries.map((d) => d.id)), onOutcome, done });
      worker.postMessage({ seq, request });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(threadEntry, { workerData: this.settings });
    worker.unref();
    worker.on('message', (m: { seq: number; outcome: MailOutcome }) => {
      const waiter = this.waiting.get(m.seq);
      if (!waiter?.open.delete(m.outcome.id)) return;
      waiter.onOutcome(m.outcome);
      if (waiter.open.size === 0) {
        this.waiting.delete(m.seq);
        waiter.done();
      }
    });
    const gone = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.finishAll((id) => ({ id, ok: false, permanent: false, error: why }));
    };
    worker.on('error', (err) => {
      this.logger.warn('mail thread failed', { err });
      gone(`mail thread failed: ${err.message}`);
    });
    worker.on('exit', (code) => gone(`mail thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  /** Ends every open send: with `outcome` for each open message, or with none. */
  private finishAll(outcome?: (id: string) => MailOutcome): void {
    for (const [seq, waiter] of this.waiting) {
      this.waiting.delete(seq);
      if (outcome) for (const id of waiter.open) waiter.onOutcome(outcome(id));
      waiter.done();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    // No outcome for what was in flight: the worker gives those claims back at once.
    this.finishAll();
    await worker?.terminate();
  }
}
