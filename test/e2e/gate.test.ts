import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from '../../src/demo/api-client.ts';
import type { EdgeStatus } from '../../src/edge/http.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { buyTickets, type PromoterSetup, setupEvent } from '../helpers/factories.ts';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, eventually, runCli } from '../helpers/processes.ts';
import { openPtyPair, type PtyPair } from '../helpers/pty.ts';

const socat = requireBinary('socat', 'socat');

interface ScanEvent {
  laneId: string;
  decision: 'admit' | 'reject';
  reason: string;
  ticketId?: string;
  at: string;
}
interface OccupancyEvent {
  eventId: string;
  inside: number;
  entries: number;
  exits: number;
  at: string;
}

// Ticket ids reach staff screens only: this one shows the staff token.
const STAFF_TOKEN = 'e2e-staff-token-0123456789';

function listen(url: string) {
  const scans: ScanEvent[] = [];
  const occupancy: OccupancyEvent[] = [];
  const socket: Socket = io(`${url}/live`, {
    transports: ['websocket'],
    reconnection: false,
    auth: { token: STAFF_TOKEN },
  });
  socket.on('scan', (s: ScanEvent) => scans.push(s));
  socket.on('occupancy', (o: OccupancyEvent) => occupancy.push(o));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, scans, occupancy, connected };
}

describe.skipIf(!socat.available)('a ticket sold in the cloud lets one person through an edge gate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tixmo-e2e-'));
  let cloud: CliProcess;
  let edge: CliProcess;
  let api: CloudApi;
  let setup: PromoterSetup;
  let tickets: { id: string; code: string }[];
  let pty: PtyPair;
  let edgeUrl: string;
  let configFile: string;

  const startEdge = async () => {
    edge = runCli(['edge', '--config', configFile]);
    edgeUrl = (await edge.waitFor(/TixMo edge listening on (http:\/\/\S+)/))[1]!;
  };
  const status = async (): Promise<EdgeStatus> =>
    (await (await fetch(`${edgeUrl}/api/v1/status`)).json()) as EdgeStatus;

  beforeAll(async () => {
    const cloudPort = await freePort();
    cloud = runCli(['cloud', '--port', String(cloudPort), '--data-dir', join(dir, 'cloud')]);
    const cloudUrl = (await cloud.waitFor(/TixMo cloud listening on (http:\/\/\S+)/))[1]!;
    api = new CloudApi(cloudUrl);
    setup = await setupEvent(api);
    ({ tickets } = await buyTickets(api, setup, 2));

    pty = await openPtyPair();
    configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl,
        nodeToken: setup.node.token,
        dataDir: join(dir, 'edge-1'),
        port: await freePort(),
        host: '127.0.0.1',
        pullIntervalMs: 500,
        uploadIntervalMs: 200,
        staff: { token: STAFF_TOKEN },
        lanes: [
          {
            id: 'north-1',
            direction: 'entry',
            scanners: [{ type: 'serial', path: pty.devicePath, baudRate: 9600, suffix: '\r\n' }],
          },
        ],
      }),
    );
    await startEdge();
    await eventually(
      async () => ((await status()).manifest.tickets === 2 ? true : undefined),
      'edge has the manifest',
    );
  });

  afterAll(async () => {
    await edge?.kill();
    await cloud?.kill();
    await pty?.close();
  });

  it('admits, rejects a repeat and garbage, admits the second, and uploads every scan once — also after kill -9', async () => {
    const [first, second] = tickets as [{ id: string; code: string }, { id: string; code: string }];
    const live = listen(edgeUrl);
    await live.connected;
    // On connect the edge tells the occupancy of every event it knows.
    await eventually(
      () => (live.occupancy.some((o) => o.eventId === setup.eventId && o.inside === 0) ? true : undefined),
      'initial occupancy',
    );

    const nextScan = async (n: number) => eventually(() => live.scans[n - 1], `scan #${n}`);

    pty.write(`${first.code}\r\n`);
    expect(await nextScan(1)).toMatchObject({
      laneId: 'north-1',
      decision: 'admit',
      reason: 'ok',
      ticketId: first.id,
    });

    pty.write(`${first.code}\r\n`);
    expect(await nextScan(2)).toMatchObject({
      decision: 'reject',
      reason: 'already_inside',
      ticketId: first.id,
    });

    pty.write('\x02NOT A TICKET ~~ \xff\r\n');
    expect(await nextScan(3)).toMatchObject({ decision: 'reject', reason: 'malformed' });
    expect(live.scans[2]!.ticketId).toBeUndefined();

    pty.write(`${second.code}\r\n`);
    expect(await nextScan(4)).toMatchObject({ decision: 'admit', reason: 'ok', ticketId: second.id });

    const lastOccupancy = await eventually(
      () => live.occupancy.find((o) => o.eventId === setup.eventId && o.inside === 2),
      'occupancy reaching 2',
    );
    expect(lastOccupancy).toMatchObject({ inside: 2, entries: 2, exits: 0 });
    live.socket.close();

    const attendance = await eventually(async () => {
      const a = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
      return a.entries === 2 ? a : undefined;
    }, 'cloud attendance reaching 2 entries');
    expect(attendance).toEqual({ eventId: setup.eventId, entries: 2, exits: 0, inside: 2 });
    await eventually(
      async () => ((await status()).upload.pending === 0 ? true : undefined),
      'upload backlog drained',
    );
    expect((await status()).upload).toMatchObject({ pending: 0, ackedSeq: 4, lastSeq: 4 });

    // Power cut: kill -9 and start again from the same data dir.
    edge.child.kill('SIGKILL');
    expect(await edge.exited()).toBeNull();
    await startEdge();

    const after = await status();
    expect(after.upload).toMatchObject({ lastSeq: 4, ackedSeq: 4, pending: 0 });
    expect(after.lanes).toMatchObject([
      {
        id: 'north-1',
        direction: 'entry',
        devices: [{ type: 'serial', path: pty.devicePath, state: 'open' }],
      },
    ]);
    expect(after.events.find((e) => e.id === setup.eventId)).toMatchObject({ inside: 2, entries: 2 });

    const relive = listen(edgeUrl);
    await relive.connected;
    const occ = await eventually(
      () => relive.occupancy.find((o) => o.eventId === setup.eventId),
      'occupancy on reconnect',
    );
    expect(occ).toMatchObject({ inside: 2, entries: 2, exits: 0 });

    // The rebuilt admission state still knows who is inside.
    pty.write(`${first.code}\r\n`);
    expect(await eventually(() => relive.scans[0], 'scan after restart')).toMatchObject({
      decision: 'reject',
      reason: 'already_inside',
    });
    relive.socket.close();

    await eventually(
      async () => ((await status()).upload.ackedSeq === 5 ? true : undefined),
      'the new scan uploaded',
    );
    const nodes = await setup.promoter.api.get(`/venues/${setup.venueId}/edge-nodes`);
    expect(nodes.data[0]).toMatchObject({ id: setup.node.id, ackedSeq: 5 });
    const finalAttendance = await setup.promoter.api.get(`/events/${setup.eventId}/attendance`);
    expect(finalAttendance).toEqual({ eventId: setup.eventId, entries: 2, exits: 0, inside: 2 });
  });

  it('serves the status contract', async () => {
    const s = await status();
    expect(s).toMatchObject({
      nodeId: setup.node.id,
      venueId: setup.venueId,
      manifest: { cursor: expect.any(String), tickets: 2 },
      upload: { pending: expect.any(Number), ackedSeq: expect.any(Number) },
      lanes: [
        {
          id: 'north-1',
          direction: 'entry',
          devices: [{ type: 'serial', path: pty.devicePath, state: 'open' }],
        },
      ],
    });
  });
});
