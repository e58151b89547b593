import type { EdgeStore, JournalEntry, JournalRow } from './store.ts';

interface Waiting {
  entry: JournalEntry;
  resolve(row: JournalRow): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the journal. Decisions made in the same turn of the event loop
 * (several lanes' reads that arrived together, or that piled up while the previous
 * fsync blocked the loop) share one SQLite transaction, so eight lanes do not each
 * pay a full fsync. The batch is flushed with setImmediate — right after the current
 * I/O phase, with no timer — so a single scan on an idle gate waits for nothing but
 * its own commit. Callers open the gate only when their promise resolves.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled = false;
  commits = 0;
  rows = 0;
  largestBatch = 0;
  /** Why the last commit failed; null once one succeeded again (GET /readyz). */
  lastFailure: string | null = null;
  /** Seconds each commit took, fsync included (GET /metrics). */
  onCommit: ((seconds: number) => void) | undefined;

  constructor(
    private readonly store: EdgeStore,
    /** Called when a commit fails, after its callers were rejected (to rebuild derived state). */
    private readonly onFailure: (err: unknown) => void = () => undefined,
  ) {}

  submit(entry: JournalEntry): Promise<JournalRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also used at shutdown). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let rows: JournalRow[];
    const started = performance.now();
    try {
      rows = this.store.appendJournal(batch.map((w) => w.entry));
    } catch (err) {
      this.lastFailure = (err as Error).message;
      for (const w of batch) w.reject(err);
      this.onFailure(err);
      return;
    }
    this.onCommit?.((performance.now() - started) / 1000);
    this.lastFailure = null;
    this.commits++;
    this.rows += rows.length;
    this.largestBatch = Math.max(this.largestBatch, rows.length);
    for (const [i, w] of batch.entries()) w.resolve(rows[i]!);
  }
}
