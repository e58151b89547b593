import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server as SocketServer } from 'socket.io';
import type { Occupancy } from './admissions.ts';
import { allowedOrigin, StaffPasses, staffTokenMatches } from './live-access.ts';
import type { ScanOutcome } from './pipeline.ts';
import type { JournalRow } from './store.ts';

/** How many decisions a screen lists; a screen (re)connecting gets this many from the journal. */
export const RECENT_DECISIONS = 20;

export interface LiveSources {
  /** Occupancy of every known event, sent on connect. */
  occupancy: () => Occupancy[];
  /** The journal's latest decisions, newest first (EdgeStore.recentDecisions). */
  recent: (limit: number) => JournalRow[];
}

export interface LiveFeedOptions {
  /** Origins besides the edge's own whose pages may connect (edge config `liveOrigins`). */
  allowedOrigins?: string[];
  /** The staff token of the edge config: a screen presenting it is a staff screen. */
  staffToken?: string | undefined;
}

const isSocketIo = (req: IncomingMessage) => req.url?.startsWith('/socket.io/') ?? false;

/**
 * Socket.IO namespace `/live` (docs/contract.md): `occupancy` for each known event and
 * `recent` (the journal's last 20 decisions) on connect, `occupancy` after every
 * admission or exit, `scan` after every decision. Pages of
 * other origins are refused. Public screens (wall displays, anyone on the venue LAN)
 * get counts and decisions; ticket ids and staff notes go only to staff screens, which
 * authenticate with a one-time pass from the staff API (`POST /api/v1/staff/live-pass`)
 * or the staff token.
 *
 * Socket.IO is loaded when the first screen connects, not at start: a gate nobody
 * watches does not carry it (≈ 3 MB of a small box's memory, and start time). Until
 * then there is nobody to tell, so announcements are dropped. The first /socket.io/
 * request or upgrade waits for the load, then is handed to Socket.IO as if it had just
 * arrived.
 */
export class LiveFeed {
  private io: SocketServer | undefined;
  private loading: Promise<SocketServer> | undefined;
  private readonly passes = new StaffPasses();

  constructor(
    private readonly server: HttpServer,
    private readonly sources: LiveSources,
    private readonly options: LiveFeedOptions = {},
  ) {
    const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    // Socket.IO, once attached, takes over 'request' and passes other paths back here.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!this.io && isSocketIo(req)) {
        this.load().then(
          () => server.emit('request', req, res),
          () => res.writeHead(503).end(),
        );
        return;
      }
      for (const handler of handlers) handler.call(server, req, res);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.io) return; // Socket.IO's own upgrade listener answers
      if (!isSocketIo(req)) return void socket.destroy();
      this.load().then(
        () => server.emit('upgrade', req, socket, head),
        () => socket.destroy(),
      );
    });
  }

  /** A pass that makes one Socket.IO connection a staff screen (issued by the staff API). */
  issueStaffPass(): { pass: string; expiresInSeconds: number } {
    return this.passes.issue();
  }

  private load(): Promise<SocketServer> {
    this.loading ??= import('socket.io').then(({ Server }) => {
      const origins = new Set(this.options.allowedOrigins ?? []);
      const io = new Server(this.server, {
        serveClient: true,
        transports: ['websocket', 'polling'],
        allowRequest: (req, callback) => callback(null, allowedOrigin(req, origins)),
      });
      const live = io.of('/live');
      live.use((socket, next) => {
        const auth = (socket.handshake.auth ?? {}) as { staffPass?: unknown; token?: unknown };
        if (auth.staffPass !== undefined) {
          if (typeof auth.staffPass !== 'string' || !this.passes.redeem(auth.staffPass))
            return next(
              new Error('staff pass unknown, used or expired: ask POST /api/v1/staff/live-pass again'),
            );
          socket.data.staff = true;
        } else if (auth.token !== undefined) {
          if (!staffTokenMatches(this.options.staffToken, auth.token))
            return next(new Error('wrong staff token'));
          socket.data.staff = true;
        }
        next();
      });
      live.on('connection', (socket) => {
        const staff = socket.data.staff === true;
        socket.join(staff ? 'staff' : 'public');
        const at = new Date().toISOString();
        for (const occ of this.sources.occupancy()) socket.emit('occupancy', { ...occ, at });
        // Joined above and read in the same tick: a decision committed before this read is in
        // the list (its announcement runs in the commit's own microtasks, before this event
        // could be handled), one committed after arrives as `scan` — none twice, none lost.
        let rows: JournalRow[];
        try {
          rows = this.sources.recent(RECENT_DECISIONS);
        } catch {
          return; // a failing disk: the screen shows it under Health and keeps what it listed
        }
        socket.emit('recent', { scans: rows.map((row) => screenScan(row, staff)), at });
      });
      this.io = io;
      return io;
    });
    return this.loading;
  }

  announce(outcome: ScanOutcome): void {
    if (!this.io) return;
    const { row } = outcome;
    const live = this.io.of('/live');
    live.to('public').emit('scan', screenScan(row, false));
    live.to('staff').emit('scan', screenScan(row, true));
    if (outcome.occupancy) live.emit('occupancy', { ...outcome.occupancy, at: row.at });
  }

  /** A read refused without a journal row (reason `storage`): screens show it like any rejection. */
  refused(scan: { laneId: string; direction: string; decision: 'reject'; reason: string; at: string }): void {
    this.io?.of('/live').emit('scan', scan);
  }

  /** Occupancy changed without a scan here (a peer gate's admission arrived by gossip). */
  occupancy(occupancy: Occupancy): void {
    this.io?.of('/live').emit('occupancy', { ...occupancy, at: new Date().toISOString() });
  }

  /** Tells screens that something other than a scan changed (device state, sync). */
  nudge(): void {
    this.io?.of('/live').emit('status-changed', { at: new Date().toISOString() });
  }

  async close(): Promise<void> {
    const io = this.io ?? (this.loading ? await this.loading.catch(() => undefined) : undefined);
    if (!io) return;
    await new Promise<void>((resolve) => {
      io.close(() => resolve());
    });
  }
}

/**
 * A journal row as a screen sees it: public screens get the decision without the ticket
 * id or the staff's note; staff screens get both (staff actions carry their reason).
 */
export function screenScan(row: JournalRow, staff: boolean): Record<string, unknown> {
  const staffAction = row.kind !== undefined && row.kind !== 'scan';
  const decision = {
    laneId: row.laneId,
    decision: row.decision,
    reason: row.reason,
    at: row.at,
    direction: row.direction,
    ...(staffAction ? { kind: row.kind } : {}),
  };
  if (!staff) return decision;
  return {
    ...decision,
    ...(row.ticketId ? { ticketId: row.ticketId } : {}),
    ...(staffAction ? { note: row.note ?? null } : {}),
  };
}
