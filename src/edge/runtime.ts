import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { ScannerDevice } from '../devices/scanner.ts';
import { AppError } from '../shared/errors.ts';
import { HybridClock } from '../shared/hlc.ts';
import { closeServer, listen, urlFor } from '../shared/listen.ts';
import type { Logger } from '../shared/logger.ts';
import { CloudSyncClient } from '../sync/edge/client.ts';
import { CloudLink } from '../sync/edge/cloud-link.ts';
import { ManifestPuller, type PullProgress } from '../sync/edge/manifest-puller.ts';
import { ScanUploader } from '../sync/edge/scan-uploader.ts';
import type { ManifestEvent, UploadedScan } from '../sync/protocol.ts';
import { AdmissionState } from './admissions.ts';
import type { EdgeConfig } from './config.ts';
import { openEdgeDataDir } from './db/client.ts';
import { GateReads } from './gate-reads.ts';
import { createGateRoutes } from './gate-routes.ts';
import { GroupCommit } from './group-commit.ts';
import { createEdgeApp, type EdgeStatus } from './http.ts';
import { JournalHealth } from './journal-health.ts';
import { KeyRing } from './keyring.ts';
import {
  actOnDecision,
  buildLane,
  closeLane,
  createScanner,
  type Lane,
  laneStatus,
  openGateDevices,
} from './lanes.ts';
import { LiveFeed } from './live.ts';
import { startPeering } from './peers.ts';
import { type ScanOutcome, ScanPipeline } from './pipeline.ts';
import { annulAdmission, type StaffDeps } from './staff.ts';
import { EdgeStore } from './store.ts';
import { syncReport } from './sync-report.ts';

export { createScanner, type Lane } from './lanes.ts';

export interface RunningEdge {
  url: string;
  port: number;
  store: EdgeStore;
  status(): EdgeStatus;
  /** Feeds a read into a lane as if a scanner had sent it (network handhelds, the demo). */
  scan(laneId: string, code: string): Promise<ScanOutcome | null>;
  /** Adds a device to a lane after start (the demo's simulated scanners). */
  attachScanner(laneId: string, device: ScannerDevice): Promise<void>;
  onDecision(listener: (outcome: ScanOutcome) => void): void;
  /** Peers' journal rows as gossip delivers them (after they count in admission state). */
  onPeerRows(listener: (nodeId: string, rows: UploadedScan[]) => void): void;
  /** Pulls the manifest now and waits for it (tests, CLI). */
  syncNow(): Promise<PullProgress>;
  /** Re-reads events and keys after the store's manifest was changed directly (tests, tools). */
  reloadManifest(): Promise<void>;
  /** Uploads one batch now (benchmarks, tests); 'more' while rows remain. */
  uploadNow(): Promise<'more' | 'idle'>;
  /** Stops taking reads, lets every decided one finish (journal, screens, gate), then closes devices. */
  close(): Promise<{ inFlight: number }>;
}

export async function startEdge(options: {
  config: EdgeConfig;
  logger: Logger;
  now?: () => Date;
  onPullProgress?: (p: PullProgress) => void;
}): Promise<RunningEdge> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const database = await openEdgeDataDir(config.dataDir);
  const store = new EdgeStore(database.db);
  const health = new JournalHealth({ sqlite: database.sqlite, logger, onChange: () => live.nudge() });

  const admissions = new AdmissionState();
  const selfId = config.nodeToken.split('.')[0] || 'edge';
  const clock = new HybridClock(selfId, () => now().getTime());
  const lastHlc = store.lastHlc();
  if (lastHlc) clock.observe(lastHlc); // stays monotonic even if the wall clock stepped back while down
  const peering = startPeering({
    config,
    db: database.db,
    store,
    admissions,
    clock,
    selfId,
    now: () => now().getTime(),
    logger,
  });
  // A failed commit (disk full, I/O error) leaves the in-memory state ahead of the disk: rebuild it.
  const commit = new GroupCommit(store, (err) => {
    logger.error('journal commit failed; no gate opened for its scans', { err });
    health.failed(err);
    admissions.clear();
    peering.rebuildAdmissions();
  });

  const keyring = new KeyRing();
  let events = new Map<string, ManifestEvent>();
  let manifestLoaded = false;
  const refreshEvents = async () => {
    const list = store.events();
    await keyring.load(list);
    events = new Map(list.map((e) => [e.id, e]));
    manifestLoaded = store.manifestSyncedAt() !== null;
  };
  await refreshEvents();

  const listeners: ((o: ScanOutcome) => void)[] = [];
  const server = createAdaptorServer({
    // env carries the socket: the staff PIN guard counts per client address.
    fetch: (req, env) =>
      peering.fetch && new URL(req.url).pathname.startsWith('/peer/')
        ? peering.fetch(req)
        : app.fetch(req, env),
  }) as Server;
  const live = new LiveFeed(server, () => [...events.keys()].map((id) => ({ ...admissions.occupancy(id) })));
  peering.onRows((_nodeId, rows) => {
    const touched = new Set(rows.filter((r) => r.decision === 'admit' && r.eventId).map((r) => r.eventId!));
    for (const eventId of touched) live.occupancy({ ...admissions.occupancy(eventId) });
  });
  const client = new CloudSyncClient(config.cloudUrl, config.nodeToken);
  const uploader = new ScanUploader(
    client,
    {
      nodeId: () => store.identity()?.nodeId ?? null,
      ackedSeq: () => store.ackedSeq(),
      after: (seq, limit) => store.journalAfter(seq, limit),
      setAckedSeq: (seq) => store.setAckedSeq(seq),
    },
    { intervalMs: config.uploadIntervalMs, logger },
  );
  const pipeline = new ScanPipeline({
    store,
    keyring,
    admissions,
    clock,
    commit,
    events: () => events,
    manifestLoaded: () => manifestLoaded,
    now,
    unknownTickets: config.unknownTickets,
    unconfirmed: () => peering.unconfirmed(),
    onDecision: (outcome) => {
      if (outcome.row.kind === 'direction') {
        // Not a passage: journalled and uploaded, shown as a status change, not as a scan.
        live.nudge();
        uploader.kick();
        return;
      }
      peering.announce(outcome.row);
      const lane = laneById.get(outcome.row.laneId);
      if (lane && outcome.row.kind && outcome.row.kind !== 'scan') void actOnDecision(lane, outcome);
      live.announce(outcome);
      uploader.kick();
      for (const l of listeners) l(outcome);
      logger.debug('scan', {
        lane: outcome.row.laneId,
        decision: outcome.row.decision,
        reason: outcome.row.reason,
      });
    },
  });
  const puller = new ManifestPuller(
    client,
    {
      cursor: () => store.manifestCursor(),
      apply: async (page) => {
        store.applyManifestPage(page, now());
        await refreshEvents();
      },
    },
    { intervalMs: config.pullIntervalMs, logger, onProgress: options.onPullProgress },
  );
  const cloudLink = new CloudLink(client, {
    cursor: () => store.manifestCursor(),
    // `lanes` is built below; the first heartbeat is sent only after start.
    report: () => syncReport(store, peering.state(), lanes),
    onChange: () => puller.pullNow(),
    onCloudTime: (ms) => clock.observe(`${String(Math.round(ms)).padStart(13, '0')}-00000-cloud`),
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    watch: config.watchManifest,
    clockBoundMs: config.maxClockOffsetMs,
    now: () => now().getTime(),
    logger,
  });

  const lanes: Lane[] = config.lanes.map((l) =>
    buildLane(l, {
      savedDirection: store.laneDirection(l.id),
      // async: a refusal (the person has moved since) becomes a rejected promise the gate logs, never a throw in a timer.
      annul: async (row, note) => annulAdmission({ deps: { pipeline, admissions }, row, note }),
      logger,
    }),
  );
  const laneById = new Map(lanes.map((l) => [l.id, l]));
  const reads = new GateReads({
    lanes: laneById,
    pipeline,
    health,
    live,
    flush: () => commit.flush(),
    logger,
  });
  const scan = (laneId: string, code: string) => reads.read(laneId, code);
  const deviceChanged = (what: string, state: string) => {
    logger.warn('device state', { device: what, state });
    live.nudge();
  };
  const attachScanner = async (laneId: string, device: ScannerDevice) => {
    const lane = laneById.get(laneId);
    if (!lane) throw new Error(`no lane ${laneId}`);
    device.onRead((code) => {
      // Refusals (storage, stopping) already beeped bad and told the screens.
      reads.read(laneId, code, device).catch((err) => {
        if (err instanceof AppError) logger.debug('read refused', { lane: laneId, why: err.message });
        else logger.error('scan failed', { lane: laneId, err });
      });
    });
    device.onBadRead((why) => logger.warn('bad read', { lane: laneId, device: device.path, why }));
    device.onStateChange?.((state) => deviceChanged(`${laneId} ${device.type} ${device.path}`, state));
    await device.open();
    lane.devices.push(device);
  };
  const staff: StaffDeps = {
    store,
    pipeline,
    admissions,
    keyring,
    events: () => events,
    lanes: laneById,
    annulled: (laneId, ticketId) => laneById.get(laneId)?.gate.forget(ticketId),
  };

  const status = (): EdgeStatus => {
    const identity = store.identity();
    const ackedSeq = store.ackedSeq();
    return {
      nodeId: identity?.nodeId ?? null,
      venueId: identity?.venueId ?? null,
      venue: identity ? { name: identity.venueName, capacity: identity.capacity } : null,
      manifest: {
        cursor: store.manifestCursor(),
        tickets: store.ticketCount(),
        syncedAt: store.manifestSyncedAt(),
        lastError: puller.lastError,
      },
      upload: {
        pending: Math.max(0, store.lastJournalSeq() - ackedSeq),
        ackedSeq,
        lastSeq: store.lastJournalSeq(),
        lastError: uploader.lastError,
      },
      lanes: lanes.map((l) => laneStatus(l, admissions.laneCounts(l.id))),
      events: [...events.values()].map((e) => ({
        id: e.id,
        name: e.name,
        status: e.status,
        ...admissions.occupancy(e.id),
      })),
      journal: { commits: commit.commits, rows: commit.rows, largestBatch: commit.largestBatch },
      storage: health.report(),
      peers: peering.state(),
      antiPassback: { mode: config.antiPassback.mode, unconfirmed: peering.unconfirmed() },
      clock: {
        offsetMs: cloudLink.offsetMs,
        boundMs: config.maxClockOffsetMs,
        skewed: cloudLink.offsetMs !== null && Math.abs(cloudLink.offsetMs) > config.maxClockOffsetMs,
        measuredAt: cloudLink.measuredAt,
      },
    };
  };
  const routes = createGateRoutes({
    staff,
    handhelds: config.handhelds,
    staffAuth: config.staff,
    scan,
    accepting: () => reads.open,
  });
  const app = createEdgeApp({ status, routes, logger });

  let port: number;
  try {
    port = await listen(server, config.port, config.host);
    for (const laneConfig of config.lanes) {
      await openGateDevices(laneById.get(laneConfig.id)!, deviceChanged);
      for (const scannerConfig of laneConfig.scanners)
        await attachScanner(laneConfig.id, createScanner(scannerConfig));
    }
  } catch (err) {
    for (const lane of lanes) await closeLane(lane);
    await live.close();
    await closeServer(server);
    database.close();
    throw err;
  }
  puller.start();
  uploader.start();
  cloudLink.start();
  peering.start();

  return {
    url: urlFor(config.host, port),
    port,
    store,
    status,
    scan,
    attachScanner,
    onDecision: (l) => listeners.push(l),
    onPeerRows: (l) => peering.onRows(l),
    syncNow: () => puller.pullAll(),
    reloadManifest: refreshEvents,
    uploadNow: () => uploader.uploadBatch(),
    async close() {
      // Reads first: every decided one journalled, announced and its gate pulsed while devices are still open.
      const drained = await reads.stop();
      health.stop();
      await peering.stop();
      await cloudLink.stop();
      await puller.stop();
      await uploader.stop();
      for (const lane of lanes) await closeLane(lane);
      commit.flush();
      // Socket.IO's close waits for the HTTP server's connections to end; peers polling
      // over keep-alive would hold it open forever, so drop them now.
      const liveClosed = live.close();
      server.closeAllConnections?.();
      await liveClosed;
      await closeServer(server);
      database.close();
      return drained;
    },
  };
}
