import type { Logger } from '../../shared/logger.ts';
import type { UploadedScan } from '../protocol.ts';
import { RetryLoop } from '../retry-loop.ts';
import { PeerClient } from './client.ts';

export interface GossipSink {
  /** Highest seq of that journal life held with every seq below it. */
  watermark(nodeId: string, incarnation: string): number;
  /** Stores the rows not held yet (out-of-order ones too) and returns them; `gap` while a seq below one held is missing. */
  accept(
    nodeId: string,
    incarnation: string,
    rows: UploadedScan[],
  ): { applied: UploadedScan[]; gap: boolean };
}

export interface GossipOptions {
  selfId: string;
  /** This node's journal life, stamped on the journal it serves ('' = pre-incarnation). */
  incarnation: string;
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
  /** Reachable, and every row the peer announced is held gap-free (hard anti-passback admits only then). */
  confirmed: boolean;
  /** Rows the peer announced that this node does not hold gap-free yet. */
  behind: number;
  incarnation: string | null;
  lastContactAt: string | null;
  lastError: string | null;
}

class PeerLink {
  nodeId: string | null = null;
  /** The peer's current journal life, as its last journal page said; null until then, or while unsure. */
  incarnation: string | null = null;
  /** Highest seq of that life the peer announced (journal page lastSeq, pushed rows). */
  announcedSeq = 0;
  /** When the last successful pull was sent: what this node knows of the peer is at least that fresh. */
  lastContactAt: number | null = null;
  lastError: string | null = null;
  /** A pull caught up, or failed, since start: the rebuild of a fresh data dir waits for this. */
  settled = false;
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
 *
 * A peer is confirmed (hard anti-passback) only while a pull this node sent recently
 * succeeded and every row the peer announced is held gap-free. Pushes deliver rows but
 * never count as contact: a push may have waited in a socket for as long as this
 * process was frozen, so it says nothing about what the peer did since.
 */
export class Gossip {
  private readonly links: PeerLink[];
  /** Ends the pulls in flight at stop (a peer that never answers must not hold a stopping node). */
  private readonly stopping = new AbortController();
  /** Pushes on their way: a stopping node waits for them (see stop). */
  private readonly pushes = new Set<Promise<void>>();

  constructor(private readonly options: GossipOptions) {
    this.links = options.peers.map((url) => {
      const link = new PeerLink(url, new PeerClient(url, options.selfId, options.secret, options.now));
      link.loop = new RetryLoop(() => this.pull(link), {
        intervalMs: options.pullIntervalMs,
        maxBackoffMs: Math.max(options.pullIntervalMs, 2000),
        onError: (err) => {
          link.lastError = (err as Error).message;
          link.settled = true;
        },
      });
      return link;
    });
  }

  /** Sends a freshly journaled row of this node to every peer; a failure is caught up by the peer's pull. */
  announce(row: UploadedScan): void {
    for (const link of this.links) {
      const push = link.client.push([row]).catch((err) => {
        link.lastError = (err as Error).message;
      });
      this.pushes.add(push);
      void push.finally(() => this.pushes.delete(push));
    }
  }

  /** A push from an authenticated peer: stored even out of order; a gap makes this node pull at once. */
  receive(nodeId: string, rows: UploadedScan[]): { stored: number } {
    const link = this.links.find((l) => l.nodeId === nodeId);
    let stored = 0;
    let gap = false;
    for (const [incarnation, group] of byLife(rows)) {
      if (link?.incarnation === incarnation)
        link.announcedSeq = Math.max(link.announcedSeq, ...group.map((r) => r.seq));
      else if (link) {
        // Another life than the one its journal last showed (the peer's data dir was replaced):
        // unsure until a pull says which life is current and how far it goes.
        link.incarnation = null;
        gap = true;
      }
      const result = this.store(nodeId, incarnation, group);
      stored += result.stored;
      gap ||= result.gap;
    }
    if (gap) {
      for (const l of this.links) if (l.nodeId === nodeId || l.nodeId === null) l.loop.wake();
    }
    return { stored };
  }

  /** This node's journal for a peer's pull. */
  journal(after: number, limit: number) {
    return {
      nodeId: this.options.selfId,
      ...(this.options.incarnation ? { incarnation: this.options.incarnation } : {}),
      rows: this.options.journalAfter(after, limit),
      lastSeq: this.options.lastSeq(),
    };
  }

  private async pull(link: PeerLink): Promise<'more' | 'idle'> {
    const sentAt = this.options.now();
    const after =
      link.nodeId && link.incarnation !== null
        ? this.options.sink.watermark(link.nodeId, link.incarnation)
        : 0;
    const limit = 500;
    const page = await link.client.journal(after, limit, this.stopping.signal);
    if (page.nodeId === this.options.selfId) throw new Error(`peer ${link.url} is this node itself`);
    // The journal page is the authority on the peer's current life and how far it goes.
    const incarnation = page.incarnation ?? '';
    const sameLife = link.nodeId === page.nodeId && link.incarnation === incarnation;
    link.nodeId = page.nodeId;
    link.incarnation = incarnation;
    link.announcedSeq = sameLife ? Math.max(link.announcedSeq, page.lastSeq) : page.lastSeq;
    link.lastContactAt = sentAt;
    link.lastError = null;
    // Asked past this life's watermark (the peer started a new journal since): ask again from it.
    if (after > this.options.sink.watermark(page.nodeId, incarnation)) return 'more';
    for (const [life, group] of byLife(page.rows)) this.store(page.nodeId, life, group);
    if (page.rows.length === limit) return 'more';
    link.settled = true;
    return 'idle';
  }

  private store(nodeId: string, incarnation: string, rows: UploadedScan[]) {
    const { applied, gap } = this.options.sink.accept(nodeId, incarnation, rows);
    if (applied.length > 0) this.options.onApplied(nodeId, applied);
    return { stored: applied.length, gap };
  }

  private reachable(link: PeerLink): boolean {
    return (
      link.lastContactAt !== null &&
      this.options.now() - link.lastContactAt <= this.options.unreachableAfterMs
    );
  }

  private behind(link: PeerLink): number {
    if (link.nodeId === null || link.incarnation === null) return 0;
    return Math.max(0, link.announcedSeq - this.options.sink.watermark(link.nodeId, link.incarnation));
  }

  private confirmed(link: PeerLink): boolean {
    return this.reachable(link) && link.incarnation !== null && this.behind(link) === 0;
  }

  /** True when every peer is confirmed: heard from recently and held gap-free up to what it announced. */
  allConfirmed(): boolean {
    return this.links.every((l) => this.confirmed(l));
  }

  /** True when every peer was pulled to the end, or failed to answer, since start. */
  allSettled(): boolean {
    return this.links.every((l) => l.settled);
  }

  state(): PeerLinkState[] {
    return this.links.map((l) => ({
      url: l.url,
      nodeId: l.nodeId,
      reachable: this.reachable(l),
      confirmed: this.confirmed(l),
      behind: this.behind(l),
      incarnation: l.incarnation,
      lastContactAt: l.lastContactAt === null ? null : new Date(l.lastContactAt).toISOString(),
      lastError: l.lastError,
    }));
  }

  start(): void {
    for (const l of this.links) l.loop.start();
  }

  /**
   * Pushes already on their way are awaited first: once this node is down no peer can
   * pull its journal, so the push of a gate's last admissions is the only way its peers
   * learn of them before it is back. Each push ends within the peer client's timeout
   * (2 s per try), answered or not.
   */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.pushes]);
    this.stopping.abort();
    await Promise.all(this.links.map((l) => l.loop.stop()));
  }
}

/** Rows grouped by journal life (a push or a page normally holds one). */
function byLife(rows: UploadedScan[]): Map<string, UploadedScan[]> {
  const groups = new Map<string, UploadedScan[]>();
  for (const row of rows) {
    const life = row.incarnation ?? '';
    const group = groups.get(life);
    if (group) group.push(row);
    else groups.set(life, [row]);
  }
  return groups;
}
