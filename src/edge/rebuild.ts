import type { Logger } from '../shared/logger.ts';
import { type CloudSyncClient, SyncError } from '../sync/edge/client.ts';
import type { UploadedScan, VenueAdmission } from '../sync/protocol.ts';

export interface RebuildStatus {
  /**
   * done: who is inside is known (or there was nothing to rebuild); rebuilding: still
   * learning it from the cloud and the peers; incomplete: the bound passed first, the
   * gate decides on what it knows and keeps trying.
   */
  state: 'done' | 'rebuilding' | 'incomplete';
  /** While true, entries (and exits of tickets not known inside) are rejected `rebuilding`. */
  holdingReads: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  cloud: { done: boolean; admissions: number; lastError: string | null };
  peersSettled: boolean;
  /** What a technician reads on the screen. */
  message: string | null;
}

export interface RebuildDeps {
  /** True when this data dir has not yet learnt who is inside (a fresh journal life). */
  pending: boolean;
  /** True when the journal was empty at start: nobody was admitted on partial knowledge yet. */
  holdReads: boolean;
  client: CloudSyncClient;
  cursor(): string;
  setCursor(cursor: string): void;
  /** Stores and counts one journal life's rows; returns how many were new. */
  merge(nodeId: string, incarnation: string, rows: UploadedScan[]): number;
  /** Every peer was pulled to the end (or did not answer) since start. */
  peersSettled(): boolean;
  markDone(): void;
  timeoutMs: number;
  now: () => Date;
  logger: Logger;
  onChange(): void;
}

/**
 * A node that starts a fresh journal (new or wiped data dir, same node token) knows
 * nobody inside: it downloads the admissions the venue's nodes uploaded (all lives,
 * its own earlier one included) and waits for one full pull from each peer before it
 * admits anyone. Reads get `rebuilding` meanwhile, for at most `timeoutMs`: then the
 * gate decides on what it has (status says what was missing) and the download goes
 * on in the background until the cloud answers. See docs/journal-incarnations.md.
 */
export class JournalRebuild {
  private state: RebuildStatus['state'];
  private startedAt: Date | null = null;
  private finishedAt: Date | null = null;
  private cloudDone = false;
  private admissions = 0;
  private cloudError: string | null = null;
  private readonly abort = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | undefined;
  /** The first download attempt ended (all pages, or a failure). */
  private firstAttempt = false;
  private readonly passed: Promise<void>;
  private pass!: () => void;

  constructor(private readonly deps: RebuildDeps) {
    this.state = deps.pending ? 'rebuilding' : 'done';
    this.cloudDone = !deps.pending;
    this.passed = new Promise((resolve) => {
      this.pass = resolve;
    });
    if (!deps.pending) this.pass();
  }

  /**
   * Resolves once the cloud was asked (answered or not) and every peer was pulled (or
   * did not answer), or at the bound: the manifest pull waits for this, so a gate whose
   * manifest arrived from a healthy cloud already knows who is inside.
   */
  firstPass(): Promise<void> {
    return this.passed;
  }

  start(): void {
    if (this.state === 'done') return;
    this.startedAt = this.deps.now();
    this.deps.logger.info('fresh journal: learning who is inside from the cloud and the peers', {
      holdingReadsForSeconds: this.deps.holdReads ? this.deps.timeoutMs / 1000 : 0,
    });
    if (this.deps.timeoutMs <= 0) this.bound();
    else this.timers.push(setTimeout(() => this.bound(), this.deps.timeoutMs));
    this.timers.push(setInterval(() => this.settle(), 50));
    this.running = this.download();
  }

  /** True while reads must wait for the rebuild (see RebuildStatus.holdingReads). */
  holding(): boolean {
    this.settle();
    return this.holds();
  }

  private holds(): boolean {
    return this.state === 'rebuilding' && this.deps.holdReads;
  }

  status(): RebuildStatus {
    this.settle();
    return {
      state: this.state,
      holdingReads: this.holds(),
      startedAt: this.startedAt?.toISOString() ?? null,
      finishedAt: this.finishedAt?.toISOString() ?? null,
      cloud: { done: this.cloudDone, admissions: this.admissions, lastError: this.cloudError },
      peersSettled: this.state === 'done' || this.deps.peersSettled(),
      message: this.message(),
    };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.pass();
    await this.running;
  }

  private message(): string | null {
    if (this.state === 'done') return null;
    const waiting = [
      ...(this.cloudDone ? [] : [this.cloudError ? `the cloud (${this.cloudError})` : 'the cloud']),
      ...(this.deps.peersSettled() ? [] : ['the peers']),
    ].join(' and ');
    return this.state === 'rebuilding'
      ? `new journal: learning who is inside, waiting for ${waiting || 'the last rows'}${this.holds() ? '; entries wait' : ''}`
      : `new journal: who is inside is only partly known, still waiting for ${waiting}; this gate decides on what it knows`;
  }

  private async download(): Promise<void> {
    let failures = 0;
    while (!this.cloudDone && !this.abort.signal.aborted) {
      try {
        const page = await this.deps.client.venueAdmissions(this.deps.cursor(), 2000, this.abort.signal);
        for (const [key, rows] of byLife(page.rows)) {
          const [nodeId, incarnation] = key.split('\u0000') as [string, string];
          this.admissions += this.deps.merge(nodeId, incarnation, rows);
        }
        this.deps.setCursor(page.cursor);
        this.cloudError = null;
        failures = 0;
        if (!page.hasMore) this.cloudDone = true;
      } catch (err) {
        this.cloudError = describe(err);
        this.firstAttempt = true;
        this.settle();
        failures++;
        await sleep(Math.min(5000, 250 * 2 ** failures), this.abort.signal);
      }
    }
    this.settle();
  }

  private settle(): void {
    if (this.state === 'done') return;
    if ((this.cloudDone || this.firstAttempt) && this.deps.peersSettled()) this.pass();
    if (!this.cloudDone || !this.deps.peersSettled()) return;
    const wasHolding = this.holds();
    this.state = 'done';
    this.finishedAt = this.deps.now();
    for (const t of this.timers) clearTimeout(t);
    this.deps.markDone();
    this.deps.logger.info('rebuilt who is inside', { admissionsFromCloud: this.admissions, wasHolding });
    this.deps.onChange();
  }

  private bound(): void {
    this.pass();
    if (this.state !== 'rebuilding') return;
    this.state = 'incomplete';
    this.deps.logger.warn('rebuild incomplete: deciding on what this gate knows; still trying', {
      missing: this.message(),
    });
    this.deps.onChange();
  }
}

function describe(err: unknown): string {
  if (err instanceof SyncError && err.status === 404)
    return 'HTTP 404: this cloud predates GET /api/v1/sync/admissions — update it';
  if (err instanceof SyncError && err.status) return `HTTP ${err.status}: ${err.message}`;
  return (err as Error).message;
}

function byLife(rows: VenueAdmission[]): Map<string, VenueAdmission[]> {
  const groups = new Map<string, VenueAdmission[]>();
  for (const row of rows) {
    const key = `${row.nodeId}\u0000${row.incarnation ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
