import type { Server as SocketServer } from 'socket.io';
import { assertLiveAccount, assertLiveSession } from '../auth/live-accounts.ts';
import { verifyAccessToken } from '../auth/tokens.ts';
import type { CloudDeps } from '../context.ts';
import {
  type LiveEventView,
  liveEventOrg,
  liveEventsOf,
  liveEventView,
  membershipsOf,
} from './live.service.ts';

/** Changes of one event within this window make one update (an upload carries many scans). */
export const LIVE_COALESCE_MS = 250;

/** What code that changes an event's figures calls (scan ingest, order confirmation, refunds). */
export interface LiveUpdates {
  eventChanged(eventId: string): void;
}

export const noLiveUpdates: LiveUpdates = { eventChanged() {} };

const moneyRoom = (orgId: string) => `org:${orgId}:money`;
const doorRoom = (orgId: string) => `org:${orgId}:door`;
const forRoom = (view: LiveEventView, withSales: boolean) =>
  withSales ? { ...view.door, sales: view.sales } : view.door;

/**
 * Socket.IO namespace `/promoters` on the cloud: a member connects with their access token
 * (`auth: {token}`) and joins one room per organization, OWNER/ADMIN to the one that
 * carries sales, STAFF to the door-only one. On connect it gets `events` (its
 * organizations' live events); then `event` each time one of them changes. The instance
 * where the change happened computes the view once and emits it to the rooms; with
 * REDIS_URL the adapter carries it to members connected to other instances.
 */
export class PromoterFeed implements LiveUpdates {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** How long the last view of each event took to compute (ms), which sets its next window. */
  private readonly lastCostMs = new Map<string, number>();
  /** Views computed and emitted, and changes dropped because nobody watched (tests read both). */
  readonly counts = { computed: 0, unwatched: 0 };

  /** `io` is the cloud's Socket.IO server (src/cloud/realtime.ts, Redis adapter included). */
  constructor(
    private readonly io: SocketServer,
    private readonly deps: CloudDeps,
  ) {
    const ns = this.io.of('/promoters');
    ns.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 2000)
        return next(new Error('unauthorized'));
      verifyAccessToken(deps, token)
        .then(async ({ userId, sessionId }) => {
          await assertLiveAccount(deps, userId);
          // A token whose session ended (logout, password change) opens no socket.
          if (sessionId) await assertLiveSession(deps, sessionId);
          socket.data.userId = userId;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    ns.on('connection', (socket) => {
      this.welcome(socket.data.userId as string, socket).catch((err) => {
        deps.logger.warn('live page: snapshot failed', { err });
        socket.emit('events', []);
      });
    });
  }

  private async welcome(userId: string, socket: import('socket.io').Socket): Promise<void> {
    const memberships = await membershipsOf(this.deps.db, userId);
    const managerOf = new Set(memberships.filter((m) => m.role !== 'STAFF').map((m) => m.orgId));
    await socket.join(
      memberships.map((m) => (managerOf.has(m.orgId) ? moneyRoom(m.orgId) : doorRoom(m.orgId))),
    );
    const live = await liveEventsOf(
      this.deps.db,
      memberships.map((m) => m.orgId),
      this.deps.now(),
    );
    const views = [];
    for (const e of live) views.push(forRoom(await liveEventView(this.deps, e.id), managerOf.has(e.orgId)));
    socket.emit('events', views);
  }

  eventChanged(eventId: string): void {
    if (this.pending.has(eventId)) return;
    // The view of a big event is not free (its peak walk reads every admission): the window
    // grows so that computing it takes at most a fifth of the time, whatever the event's size,
    // and the ingest that triggers it keeps the rest.
    const windowMs = Math.max(LIVE_COALESCE_MS, 4 * (this.lastCostMs.get(eventId) ?? 0));
    const timer = setTimeout(() => {
      this.pending.delete(eventId);
      this.broadcast(eventId).catch((err) => this.deps.logger.warn('live update failed', { err, eventId }));
    }, windowMs);
    timer.unref();
    this.pending.set(eventId, timer);
  }

  private async broadcast(eventId: string): Promise<void> {
    const orgId = await liveEventOrg(this.deps.db, eventId, this.deps.now());
    if (!orgId) {
      this.lastCostMs.delete(eventId);
      return;
    }
    const ns = this.io.of('/promoters');
    // Nobody of the organization watching, on any instance (the Redis adapter asks the
    // others): nothing to compute. A member who connects later gets a fresh snapshot.
    const watchers = await ns
      .in([moneyRoom(orgId), doorRoom(orgId)])
      .fetchSockets()
      .then((sockets) => sockets.length)
      .catch(() => 1); // cannot tell (another instance did not answer): better one view too many
    if (watchers === 0) {
      this.counts.unwatched++;
      return;
    }
    const started = performance.now();
    const view = await liveEventView(this.deps, eventId);
    this.lastCostMs.set(eventId, performance.now() - started);
    this.counts.computed++;
    ns.to(moneyRoom(orgId)).emit('event', forRoom(view, true));
    ns.to(doorRoom(orgId)).emit('event', forRoom(view, false));
  }

  async close(): Promise<void> {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.io.of('/promoters').disconnectSockets(true);
  }
}
