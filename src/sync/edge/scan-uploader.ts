import type { Logger } from '../../shared/logger.ts';
import type { UploadedScan } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import type { CloudSyncClient } from './client.ts';

export interface ScanSource {
  nodeId(): string | null;
  ackedSeq(): number;
  after(seq: number, limit: number): UploadedScan[];
  setAckedSeq(seq: number): void;
}

/**
 * Sends journal rows after the acknowledged seq, in order and in batches. The cloud
 * stores each (nodeId, seq) once, so a batch re-sent after a crash or a lost answer
 * is harmless; the ack is saved only after the cloud confirmed it.
 */
export class ScanUploader {
  private readonly loop: RetryLoop;
  lastError: string | null = null;

  constructor(
    private readonly client: CloudSyncClient,
    private readonly source: ScanSource,
    private readonly options: { intervalMs: number; batchSize?: number; logger: Logger },
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

  kick(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
