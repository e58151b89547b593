import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { ScannerDevice } from '../devices/scanner.ts';
import { AppError } from '../shared/errors.ts';
import { HybridClock } from '../shared/hlc.ts';
import { closeServer, listen, urlFor } from '../shared/listen.ts';
import type { Logger } from '../shared/logger.ts';
import { securePrivateDir } from '../shared/private-dir.ts';
import { CloudSyncClient } from '../sync/edge/client.ts';
import { CloudLink } from '../sync/edge/cloud-link.ts';
import { ManifestPuller, type PullProgress } from '../sync/edge/manifest-puller.ts';
import { ScanUploader } from '../sync/edge/scan-uploader.ts';
import type { PeerConnection } from '../sync/peer/routes.ts';
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
import { EdgeMetrics } from './metrics.ts';
import { createEdgeOps } from './ops-routes.ts';
import { startPeering } from './peers.ts';
import { type ScanOutcome, ScanPipeline } from './pipeline.ts';
import { JournalRebuild } from './rebuild.ts';
import { annulAdmission, type StaffDeps } from './staff.ts';
import { EdgeStore } from './store.ts';
import { syncReport } from './sync-report.ts';
import { openVenueClock } from './venue-time.ts';

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
  /** This computer's clock (tests skew it); decisions use it corrected towards the cloud's. */
  now?: () => Date;
  onPullProgress?: (p: PullProgress) => void;
}): Promise<RunningEdge> {
  const { config, logger } = options;
  const localNow = options.now ?? (() => new Date());
  // The journal, the manifest and peers' admissions: private to this user (0700 / 0600).
  securePrivateDir(config.dataDir);
  const database = await openEdgeDataDir(config.dataDir);
  const store = new EdgeStore(database.db);
  const health = new JournalHealth({ sqlite: database.sqlite, logger, onChange: () => live.nudge() });
  // The venue's time: every time rule, the HLC, journal times and manifest age use it.
  const venueClock = openVenueClock({ store, config, local: () => localNow().getTime(), logger });
  const now = () => new Date(venueClock.now());

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
    // Durations (peer reachability): this computer's clock, which a new correction never steps.
    now: () => localNow().getTime(),
    logger,
  });
  // A failed commit (disk full, I/O error) leaves the in-memory state ahead of the disk: rebuild it.
  const commit = new GroupCommit(store, (err) => {
    logger.error('journal commit failed; no gate opened for its scans', { err });
    health.failed(err);
    admissions.clear();
    peering.rebuildAdmissions();
  });

  const metrics = new EdgeMetrics(() => status());
  commit.onCommit = (seconds) => metrics.commit(seconds);
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
    // env carries the socket: the staff PIN guard counts per client address, and the peer
    // routes cut a refused upload on it.
    fetch: (req, env) =>
      peering.fetch && new URL(req.url).pathname.startsWith('/peer/')
        ? peering.fetch(req, env as PeerConnection)
        : app.fetch(req, env),
  }) as Server;
  const live = new LiveFeed(
    server,
    {
      occupancy: () => [...events.keys()].map((id) => ({ ...admissions.occupancy(id) })),
      recent: (limit) => store.recentDecisions(limit),
    },
    {
      allowedOrigins: config.liveOrigins,
      staffToken: config.staff?.token,
    },
  );
  peering.onRows((_nodeId, rows) => {
    const touched = new Set(rows.filter((r) => r.decision === 'admit' && r.eventId).map((r) => r.eventId!));
    for (const eventId of touched) live.occupancy({ ...admissions.occupancy(eventId) });
  });
  const client = new CloudSyncClient(config.cloudUrl, config.nodeToken, config.cloudTimeoutSeconds * 1000);
  client.onRefusalChange((refusal) => {
    if (refusal)
      logger.error('the cloud refuses this node; the gate keeps deciding offline and keeps every scan', {
        reason: refusal.reason,
      });
    else logger.info('the cloud accepts this node again');
    live.nudge();
  });
  const uploader = new ScanUploader(
    client,
    {
      nodeId: () => store.identity()?.nodeId ?? null,
      ackedSeq: () => store.ackedSeq(),
      after: (seq, limit) => store.journalAfter(seq, limit),
      setAckedSeq: (seq) => store.setAckedSeq(seq),
      lastSeq: () => store.lastJournalSeq(),
    },
    {
      intervalMs: config.uploadIntervalMs,
      batchMs: config.uploadBatchMs,
      batchSize: config.uploadBatchSize,
      logger,
    },
  );
  const rebuild = new JournalRebuild({
    pending: store.rebuildPending(),
    holdReads: store.lastJournalSeq() === 0,
    client,
    cursor: () => store.rebuildCursor(),
    setCursor: (cursor) => store.setRebuildCursor(cursor),
    merge: (nodeId, incarnation, rows) => peering.merge(nodeId, incarnation, rows),
    peersSettled: () => peering.settled(),
    markDone: () => store.setRebuildDone(),
    timeoutMs: config.rebuildTimeoutSeconds * 1000,
    now,
    logger,
    onChange: () => live.nudge(),
  });
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
    rebuilding: () => rebuild.holding(),
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
      metrics.decision(outcome.row.laneId, outcome.row.decision, outcome.row.reason);
      // One line per decision for the operator; never the code (it is the ticket).
      logger.info('scan', {
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
        // Kept on this computer's clock and shown through the correction in use, so the
        // age is right even when the first pull finished before the first measurement.
        store.applyManifestPage(page, localNow());
        await refreshEvents();
      },
    },
    { intervalMs: config.pullIntervalMs, logger, onProgress: options.onPullProgress },
  );
  const cloudLink = new CloudLink(client, {
    cursor: () => store.manifestCursor(),
    // `lanes` is built below; the first heartbeat is sent only after start.
    report: () => {
      const report = syncReport(store, peering.state(), lanes);
      return {
        ...report,
        manifest: { ...report.manifest, syncedAt: venueClock.fromLocal(report.manifest.syncedAt) },
      };
    },
    onChange: () => puller.pullNow(),
    clock: venueClock,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    watch: config.watchManifest,
    clockBoundMs: config.maxClockOffsetMs,
    now: () => localNow().getTime(),
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
    (state === 'open' ? logger.info : logger.warn)('device state', { device: what, state });
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
    const syncedAt = venueClock.fromLocal(store.manifestSyncedAt());
    return {
      nodeId: identity?.nodeId ?? null,
      venueId: identity?.venueId ?? null,
      venue: identity ? { name: identity.venueName, capacity: identity.capacity } : null,
      manifest: {
        cursor: store.manifestCursor(),
        tickets: store.ticketCount(),
        syncedAt,
        lastError: puller.lastError,
        ageSeconds: syncedAt ? Math.round((now().getTime() - Date.parse(syncedAt)) / 1000) : null,
      },
      upload: {
        pending: Math.max(0, store.lastJournalSeq() - ackedSeq),
        ackedSeq,
        lastSeq: store.lastJournalSeq(),
        lastError: uploader.lastError,
        incarnation: store.incarnation || null,
      },
      rebuild: rebuild.status(),
      lanes: lanes.map((l) => laneStatus(l, admissions.laneCounts(l.id))),
      events: [...events.values()].map((e) => ({
        id: e.id,
        name: e.name,
        status: e.status,
        ...admissions.occupancy(e.id),
      })),
      journal: { commits: commit.commits, rows: commit.rows, largestBatch: commit.largestBatch },
      storage: health.report(),
      cloudRefused: client.refusal,
      peers: peering.state(),
      antiPassback: { mode: config.antiPassback.mode, unconfirmed: peering.unconfirmed() },
      clock: venueClock.status(),
    };
  };
  const routes = createGateRoutes({
    staff,
    handhelds: config.handhelds,
    staffAuth: config.staff,
    scan,
    accepting: () => reads.open,
    livePass: () => live.issueStaffPass(),
  });
  const ops = createEdgeOps({
    config,
    status,
    metrics,
    // Readiness follows the journal's health: failing from the first failed commit until a probe write succeeds.
    journalFailure: () => (health.healthy ? null : (health.report().error ?? 'unknown error')),
  });
  const app = createEdgeApp({ status, routes, logger, ops, hstsMaxAgeSeconds: config.hstsMaxAgeSeconds });

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
  let closing = false;
  rebuild.start();
  // A fresh journal's first manifest waits for the rebuild's first pass (see JournalRebuild.firstPass).
  rebuild.firstPass().then(() => {
    if (!closing) puller.start();
  });
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
    syncNow: async () => {
      await rebuild.firstPass();
      return puller.pullAll();
    },
    reloadManifest: refreshEvents,
    uploadNow: () => uploader.uploadBatch(),
    async close() {
      closing = true;
      // Reads first: every decided one journalled, announced and its gate pulsed while devices are still open.
      const drained = await reads.stop();
      health.stop();
      // Every conversation with the cloud and the peers ends now, answered or not (a held
      // long-poll, a silent cloud, the rebuild's download): nothing below waits for them.
      // A decided scan is journalled; it is uploaded on the next start.
      client.close();
      await Promise.all([rebuild.stop(), peering.stop(), cloudLink.stop(), puller.stop(), uploader.stop()]);
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
