import { parseArgs } from 'node:util';
import { ConfigError } from './shared/errors.ts';
import { createLogger, type LogLevel } from './shared/logger.ts';

const usage = `tixmo — ticketing cloud and venue gate control

Usage:
  tixmo cloud [options]          run the cloud API
  tixmo edge --config FILE       run a gate edge node
  tixmo demo [options]           run a cloud and an edge with simulated scanners (npm start)
  tixmo sync status|reconcile    sync state of a venue's edges; reconciliation of an event
  tixmo <command> --help         options of one command
`;

const help: Record<string, string> = {
  cloud: `tixmo cloud — the cloud API (Hono on Postgres)

Options:
  --port P            port to listen on (env PORT, default 3000)
  --host H            address to bind (env HOST, default 127.0.0.1)
  --data-dir D        where embedded data lives (env TIXMO_DATA_DIR, default ./.tixmo/cloud)
  --database-url URL  use this Postgres server instead of embedded PGlite (env DATABASE_URL)
  --log-level L       debug | info | warn | error | silent (env LOG_LEVEL, default info)

Environment: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET enable card payments;
SMTP_URL and SMTP_FROM send mail (without them it is written to <data dir>/mail);
TIXMO_WEBHOOK_RETRY_HOURS, TIXMO_WEBHOOK_DISABLE_HOURS and TIXMO_WEBHOOKS_ALLOW_PRIVATE
(never in production) govern organizations' webhooks;
TIXMO_JWT_SECRET, TIXMO_HOLD_MINUTES, REDIS_URL (see README).
  -h, --help          this text
`,
  edge: `tixmo edge — a gate edge node

Options:
  --config FILE       the edge config (JSON; see README "Edge config")
  -h, --help          this text
`,
  demo: `tixmo demo — a cloud and an edge in one process with simulated scanners

Seeds a venue, an event and tiers, sells tickets, and feeds two lanes with arrivals
(including some bad and repeated codes). Open the printed occupancy page to watch.

Options:
  --data-dir D        where everything is written (default ./.tixmo); the demo's own
                      subfolder is started afresh on every run
  --cloud-port P      cloud port (default 3000; a free one if taken)
  --edge-port P       edge port (default 4000; a free one if taken)
  --tickets N         tickets to sell (default 400)
  --rate R            arrivals per second across both lanes (default 4)
  --duration S        stop after S seconds (default: run until Ctrl-C)
  -h, --help          this text
`,
};

function fail(message: string, code = 2): never {
  process.stderr.write(`tixmo: ${message}\n`);
  process.exit(code);
}

function onStop(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C: leave now
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    close().then(
      () => process.exit(0),
      (err) => fail(`error while stopping: ${(err as Error).message}`, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  if (command === 'sync') {
    const { runSyncCommand } = await import('./ops/sync-commands.ts');
    const result = await runSyncCommand(rest, process.env);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.code);
  }
  if (!(command in help)) fail(`unknown command "${command}"\n\n${usage}`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'log-level': { type: 'string' },
        config: { type: 'string' },
        'cloud-port': { type: 'string' },
        'edge-port': { type: 'string' },
        tickets: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${help[command]}`);
  }
  if (values.help) {
    process.stdout.write(help[command]!);
    return;
  }

  if (command === 'cloud') {
    // Each command loads only its own side: an edge never loads PGlite, Stripe or Redis (memory on small gate computers).
    const { loadCloudConfig } = await import('./cloud/config.ts');
    const { startCloud } = await import('./cloud/server.ts');
    const config = loadCloudConfig(
      {
        port: values.port,
        host: values.host,
        dataDir: values['data-dir'],
        databaseUrl: values['database-url'],
        logLevel: values['log-level'],
      },
      process.env,
    );
    const logger = createLogger({ level: config.logLevel as LogLevel });
    const cloud = await startCloud(config, logger);
    const store = config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
    process.stdout.write(
      `TixMo cloud listening on ${cloud.url}\n  API       ${cloud.url}/api/v1\n  OpenAPI   ${cloud.url}/api/v1/openapi.json\n  data      ${store}\n`,
    );
    onStop(() => cloud.close());
    return;
  }

  if (command === 'edge') {
    if (typeof values.config !== 'string') fail(`--config FILE is required\n\n${help.edge}`);
    const { loadEdgeConfigFile } = await import('./edge/config.ts');
    const { startEdge } = await import('./edge/runtime.ts');
    const { pullProgressDisplay } = await import('./edge/pull-progress.ts');
    const config = loadEdgeConfigFile(values.config);
    const logger = createLogger({ level: config.logLevel });
    const edge = await startEdge({
      config,
      logger,
      onPullProgress: pullProgressDisplay(process.stdout),
    });
    process.stdout.write(
      `TixMo edge listening on ${edge.url}\n  occupancy  ${edge.url}/\n  status     ${edge.url}/api/v1/status\n  live feed  socket.io ${edge.url}/live\n  cloud      ${config.cloudUrl}\n  data       ${config.dataDir}\n`,
    );
    for (const lane of edge.status().lanes) {
      process.stdout.write(
        `  lane ${lane.id} (${lane.direction}): ${lane.devices.map((d) => `${d.type} ${d.path} ${d.state}`).join(', ') || 'no scanner'}\n`,
      );
    }
    onStop(() => edge.close());
    return;
  }

  const { runDemo } = await import('./demo/demo.ts');
  const demo = await runDemo({
    dataDir: String(values['data-dir'] ?? './.tixmo'),
    cloudPort: numberFlag('cloud-port', values['cloud-port'], 3000),
    edgePort: numberFlag('edge-port', values['edge-port'], 4000),
    tickets: numberFlag('tickets', values.tickets, 400),
    rate: numberFlag('rate', values.rate, 4),
    durationSeconds: values.duration === undefined ? undefined : numberFlag('duration', values.duration, 0),
  });
  onStop(() => demo.close());
  await demo.finished;
  await demo.close();
  process.exit(0);
}

function numberFlag(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n < 0)
    fail(`--${name} must be a non-negative number, not "${value}"`);
  return n;
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  fail(`unexpected error: ${(err as Error).stack ?? String(err)}`, 1);
});
