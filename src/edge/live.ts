import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { Occupancy } from './admissions.ts';
import { allowedOrigin, StaffPasses, staffTokenMatches } from './live-access.ts';
import type { ScanOutcome } from './pipeline.ts';

export interface LiveFeedOptions {
  /** Origins besides the edge's own whose pages may connect (edge config `liveOrigins`). */
  allowedOrigins?: string[];
  /** The staff token of the edge config: a screen presenting it is a staff screen. */
  staffToken?: string | undefined;
}

/**
 * Socket.IO namespace `/live` (CONTRACT.md): `occupancy` for each known event on
 * connect and after every admission or exit; `scan` after every decision. Pages of
 * other origins are refused. Public screens (wall displays, anyone on the venue LAN)
 * get counts and decisions; ticket ids and staff notes go only to staff screens, which
 * authenticate with a one-time pass from the staff API (`POST /api/v1/staff/live-pass`)
 * or the staff token.
 */
export class LiveFeed {
  private readonly io: SocketServer;
  private readonly passes = new StaffPasses();

  constructor(server: HttpServer, snapshot: () => Occupancy[], options: LiveFeedOptions = {}) {
    const origins = new Set(options.allowedOrigins ?? []);
    this.io = new SocketServer(server, {
      serveClient: true,
      transports: ['websocket', 'polling'],
      allowRequest: (req, callback) => callback(null, allowedOrigin(req, origins)),
    });
    const live = this.io.of('/live');
    live.use((socket, next) => {
      const auth = (socket.handshake.auth ?? {}) as { staffPass?: unknown; token?: unknown };
      if (auth.staffPass !== undefined) {
        if (typeof auth.staffPass !== 'string' || !this.passes.redeem(auth.staffPass))
          return next(
            new Error('staff pass unknown, used or expired: ask POST /api/v1/staff/live-pass again'),
          );
        socket.data.staff = true;
      } else if (auth.token !== undefined) {
        if (!staffTokenMatches(options.staffToken, auth.token)) return next(new Error('wrong staff token'));
        socket.data.staff = true;
      }
      next();
    });
    live.on('connection', (socket) => {
      socket.join(socket.data.staff ? 'staff' : 'public');
      const at = new Date().toISOString();
      for (const occ of snapshot()) socket.emit('occupancy', { ...occ, at });
    });
  }

  /** A pass that makes one Socket.IO connection a staff screen (issued by the staff API). */
  issueStaffPass(): { pass: string; expiresInSeconds: number } {
    return this.passes.issue();
  }

  announce(outcome: ScanOutcome): void {
    const { row } = outcome;
    const live = this.io.of('/live');
    const decision = {
      laneId: row.laneId,
      decision: row.decision,
      reason: row.reason,
      at: row.at,
      direction: row.direction,
      ...(row.kind && row.kind !== 'scan' ? { kind: row.kind } : {}),
    };
    live.to('public').emit('scan', decision);
    live.to('staff').emit('scan', {
      ...decision,
      ...(row.ticketId ? { ticketId: row.ticketId } : {}),
      // Staff actions: manual_admit or annul, with the staff's reason.
      ...(row.kind && row.kind !== 'scan' ? { note: row.note ?? null } : {}),
    });
    if (outcome.occupancy) live.emit('occupancy', { ...outcome.occupancy, at: row.at });
  }

  /** A read refused without a journal row (reason `storage`): screens show it like any rejection. */
  refused(scan: { laneId: string; direction: string; decision: 'reject'; reason: string; at: string }): void {
    this.io.of('/live').emit('scan', scan);
  }

  /** Occupancy changed without a scan here (a peer gate's admission arrived by gossip). */
  occupancy(occupancy: Occupancy): void {
    this.io.of('/live').emit('occupancy', { ...occupancy, at: new Date().toISOString() });
  }

  /** Tells screens that something other than a scan changed (device state, sync). */
  nudge(): void {
    this.io.of('/live').emit('status-changed', { at: new Date().toISOString() });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.io.close(() => resolve());
    });
  }
}
