import type { Logger } from '../../shared/logger.ts';
import type { UploadedScan } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import type { CloudSyncClient } from './client.ts';

export interface ScanSource {
  nodeId(): string | null;
  ackedSeq(): number;
  after(seq: number, limit: number): UploadedScan[];
  setAckedSeq(seq: number): void;
  /** The last seq this node journaled. */
  lastSeq(): number;
}

/**
 * Sends journal rows after the acknowledged seq, in order and in batches. The cloud
 * stores each (nodeId, seq) once, so a batch re-sent after a crash or a lost answer
 * is harmless; the ack is saved only after the cloud confirmed it.
 *
 * A busy gate decides hundreds of scans a second: each one kicks the uploader, which
 * gathers them for `batchMs` (or until `batchSize` rows wait) and then sends them as
 * one request — a handful of requests a second instead of one per scan. A backlog goes
 * out in back-to-back batches of `batchSize`.
 */
export class ScanUploader {
  private readonly loop: RetryLoop;
  private gathering: NodeJS.Timeout | undefined;
  private kicked = 0;
  lastError: string | null = null;

  constructor(
    private readonly client: CloudSyncClient,
    private readonly source: ScanSource,
    private readonly options: { intervalMs: number; batchSize?: number; batchMs?: number; logger: Logger },
  ) {
    this.loop = new RetryLoop(() => this.uploadBatch(), {
      intervalMs: options.intervalMs,
      onError: (err, retryInMs) => {
        this.lastError = (err as Error).message;
        options.logger.warn('scan upload failed', { error: this.lastError, retryInMs });
      },
    });
  }

  /** One batch; 'more' when rows remain after it. */
  async uploadBatch(): Promise<'more' | 'idle'> {
    const nodeId = this.source.nodeId();
    if (!nodeId) return 'idle'; // identity arrives with the first manifest page
    const size = this.options.batchSize ?? 500;
    const scans = this.source.after(this.source.ackedSeq(), size);
    if (scans.length === 0) return 'idle';
    const before = this.source.ackedSeq();
    const last = scans[scans.length - 1]!.seq;
    const ack = await this.client.uploadScans({ nodeId, scans });
    const own = this.source.lastSeq();
    if (ack.ackedSeq > own)
      throw new Error(ackAboveJournal(ack.ackedSeq, own, scans[0]!.incarnation, ack.incarnation));
    // The cloud's ack is the truth about what it holds: behind ours means it lost rows
    // (a restored backup), so rewinding makes us send them again.
    this.source.setAckedSeq(ack.ackedSeq);
    this.lastError = null;
    if (ack.ackedSeq < last) {
      if (ack.ackedSeq === before)
        throw new Error(`cloud stored none of seq ${scans[0]!.seq}..${last} (acknowledged ${ack.ackedSeq})`);
      this.options.logger.warn('cloud is missing earlier scans; re-sending', { cloudAckedSeq: ack.ackedSeq });
      return 'more';
    }
    return scans.length === size ? 'more' : 'idle';
  }

  start(): void {
    this.loop.start();
  }

  /** A row was journalled: it goes out with the others of this batch window. */
  kick(): void {
    this.kicked++;
    if (this.kicked >= (this.options.batchSize ?? 500)) {
      this.sendNow();
      return;
    }
    if (this.gathering) return;
    this.gathering = setTimeout(() => this.sendNow(), this.options.batchMs ?? 100);
    this.gathering.unref();
  }

  private sendNow(): void {
    clearTimeout(this.gathering);
    this.gathering = undefined;
    this.kicked = 0;
    this.loop.nudge();
  }

  stop(): Promise<void> {
    clearTimeout(this.gathering);
    this.gathering = undefined;
    return this.loop.stop();
  }
}

/**
 * The cloud claims rows this journal never wrote: it holds more of this journal life
 * than this data dir does. Never taken as "uploaded" (that would hide every new scan).
 */
function ackAboveJournal(acked: number, own: number, sent?: string, answered?: string): string {
  if (sent && !answered)
    return `cloud acknowledged seq ${acked} but this node's journal ends at seq ${own}, and without this journal's incarnation (${sent}): the cloud predates journal incarnations and drops a new data dir's rows as re-sends; update the cloud — the scans stay here until then`;
  return `cloud acknowledged seq ${acked} but this node's journal ends at seq ${own}: the cloud holds rows of this journal that this data dir does not (a data dir restored from a backup, or a copy of it running elsewhere with the same node token); stop the other copy — the scans stay here and nothing is marked uploaded`;
}
