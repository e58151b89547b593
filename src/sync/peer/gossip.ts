import type { Logger } from '../../shared/logger.ts';
import type { UploadedScan } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import { PeerClient } from './client.ts';

export interface GossipSink {
  watermark(nodeId: string): number;
  accept(nodeId: string, rows: UploadedScan[]): { applied: UploadedScan[]; gap: boolean };
}

export interface GossipOptions {
  selfId: string;
  secret: string;
  peers: string[];
  /** This node's own journal, served to peers. */
  journalAfter(seq: number, limit: number): UploadedScan[];
  lastSeq(): number;
  sink: GossipSink;
  /** Called with rows newly stored from a peer (after they are durable). */
  onApplied(nodeId: string, rows: UploadedScan[]): void;
  pullIntervalMs: number;
  /** A peer not heard from for this long counts as unreachable. */
  unreachableAfterMs: number;
  now: () => number;
  logger: Logger;
}

export interface PeerLinkState {
  url: string;
  nodeId: string | null;
  reachable: boolean;
  lastContactAt: string | null;
  lastError: string | null;
}

class PeerLink {
  nodeId: string | null = null;
  lastContactAt: number | null = null;
  lastError: string | null = null;
  loop!: RetryLoop;
  constructor(
    readonly url: string,
    readonly client: PeerClient,
  ) {}
}

/**
 * Admissions travel two ways: pushed to every peer the moment they are journaled (the
 * fast path: a ticket admitted at A is `already_inside` at B within milliseconds), and
 * pulled by every node from each peer's journal after its own watermark on a timer
 * (the safe path: catches up after a partition, a restart or a lost push).
 */
export class Gossip {
  private readonly links: PeerLink[];

  constructor(private readonly options: GossipOptions) {
    this.links = options.peers.map((url) => {
      const link = new PeerLink(url, new PeerClient(url, options.selfId, options.secret, options.now));
      link.loop = new RetryLoop(() => this.pull(link), {
        intervalMs: options.pullIntervalMs,
        maxBackoffMs: Math.max(options.pullIntervalMs, 2000),
        onError: (err) => {
          link.lastError = (err as Error).message;
        },
      });
      return link;
    });
  }

  /** Sends a freshly journaled row of this node to every peer; a failure is caught up by the peer's pull. */
  announce(row: UploadedScan): void {
    for (const link of this.links) {
      link.client.push([row]).then(
        () => this.contact(link),
        (err) => {
          link.lastError = (err as Error).message;
        },
      );
    }
  }

  /** A push from an authenticated peer. */
  receive(nodeId: string, rows: UploadedScan[]): { stored: number } {
    const link = this.links.find((l) => l.nodeId === nodeId);
    if (link) this.contact(link);
    const { applied, gap } = this.options.sink.accept(nodeId, rows);
    if (applied.length > 0) this.options.onApplied(nodeId, applied);
    if (gap) {
      // A row after a missing one: fetch the missing rows from that node now.
      for (const l of this.links) if (l.nodeId === nodeId || l.nodeId === null) l.loop.wake();
    }
    return { stored: applied.length };
  }

  /** This node's journal for a peer's pull. */
  journal(after: number, limit: number) {
    return {
      nodeId: this.options.selfId,
      rows: this.options.journalAfter(after, limit),
      lastSeq: this.options.lastSeq(),
    };
  }

  private async pull(link: PeerLink): Promise<'more' | 'idle'> {
    const after = link.nodeId ? this.options.sink.watermark(link.nodeId) : 0;
    const limit = 500;
    const page = await link.client.journal(after, limit);
    if (page.nodeId === this.options.selfId) throw new Error(`peer ${link.url} is this node itself`);
    link.nodeId = page.nodeId;
    this.contact(link);
    if (page.rows.length === 0) return 'idle';
    const { applied } = this.options.sink.accept(page.nodeId, page.rows);
    if (applied.length > 0) this.options.onApplied(page.nodeId, applied);
    return page.rows.length === limit ? 'more' : 'idle';
  }

  private contact(link: PeerLink): void {
    link.lastContactAt = this.options.now();
    link.lastError = null;
  }

  private reachable(link: PeerLink): boolean {
    return (
      link.lastContactAt !== null &&
      this.options.now() - link.lastContactAt <= this.options.unreachableAfterMs
    );
  }

  /** True when every peer was heard from recently (hard anti-passback admits only then). */
  allReachable(): boolean {
    return this.links.every((l) => this.reachable(l));
  }

  state(): PeerLinkState[] {
    return this.links.map((l) => ({
      url: l.url,
      nodeId: l.nodeId,
      reachable: this.reachable(l),
      lastContactAt: l.lastContactAt === null ? null : new Date(l.lastContactAt).toISOString(),
      lastError: l.lastError,
    }));
  }

  start(): void {
    for (const l of this.links) l.loop.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.links.map((l) => l.loop.stop()));
  }
}
