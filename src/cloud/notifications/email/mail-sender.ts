import { Worker } from 'node:worker_threads';
import type { Logger } from '../../../shared/logger.ts';
import type { MailJob, MailOutcome, TransportSettings } from './jobs.ts';

const threadEntry = new URL('./mail-thread.mjs', import.meta.url);

/**
 * The main thread's side of the mail thread (mail-thread.ts). The thread starts with the
 * first message to send, so an instance that sends nothing never pays for it; if it dies,
 * the messages it had answer a transient failure (retried) and the next send starts a new one.
 */
export class MailSender {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, { jobs: MailJob[]; resolve: (o: MailOutcome[]) => void }>();

  constructor(
    private readonly settings: TransportSettings,
    private readonly logger: Logger,
  ) {}

  send(jobs: MailJob[]): Promise<MailOutcome[]> {
    if (jobs.length === 0) return Promise.resolve([]);
    const worker = this.thread();
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, { jobs, resolve });
      worker.postMessage({ seq, jobs });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(threadEntry, { workerData: this.settings });
    worker.unref();
    worker.on('message', (m: { seq: number; outcomes?: MailOutcome[]; error?: string }) => {
      const waiter = this.waiting.get(m.seq);
      if (!waiter) return;
      this.waiting.delete(m.seq);
      waiter.resolve(m.outcomes ?? this.failAll(waiter.jobs, m.error ?? 'mail thread error'));
    });
    const gone = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const [seq, waiter] of this.waiting) {
        this.waiting.delete(seq);
        waiter.resolve(this.failAll(waiter.jobs, why));
      }
    };
    worker.on('error', (err) => {
      this.logger.warn('mail thread failed', { err });
      gone(`mail thread failed: ${err.message}`);
    });
    worker.on('exit', (code) => gone(`mail thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private failAll(jobs: MailJob[], error: string): MailOutcome[] {
    return jobs.map((j) => ({ id: j.id, ok: false, permanent: false, error }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    // No outcome for what was in flight: the worker gives those claims back at once.
    for (const [seq, waiter] of this.waiting) {
      this.waiting.delete(seq);
      waiter.resolve([]);
    }
    await worker.terminate();
  }
}
