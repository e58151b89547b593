import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import type { Occupancy } from './admissions.ts';
import type { ScanOutcome } from './pipeline.ts';

/**
 * Socket.IO namespace `/live` (CONTRACT.md): `occupancy` for each known event on
 * connect and after every admission or exit; `scan` after every decision.
 */
export class LiveFeed {
  private readonly io: SocketServer;

  constructor(server: HttpServer, snapshot: () => Occupancy[]) {
    this.io = new SocketServer(server, { serveClient: true, transports: ['websocket', 'polling'] });
    this.io.of('/live').on('connection', (socket) => {
      const at = new Date().toISOString();
      for (const occ of snapshot()) socket.emit('occupancy', { ...occ, at });
    });
  }

  announce(outcome: ScanOutcome): void {
    const { row } = outcome;
    const live = this.io.of('/live');
    live.emit('scan', {
      laneId: row.laneId,
      decision: row.decision,
      reason: row.reason,
      ...(row.ticketId ? { ticketId: row.ticketId } : {}),
      at: row.at,
      direction: row.direction,
      // Staff actions: manual_admit or annul, with the staff's reason.
      ...(row.kind && row.kind !== 'scan' ? { kind: row.kind, note: row.note ?? null } : {}),
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
