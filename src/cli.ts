import { parseArgs } from 'node:util';
import { type Command, commandHelp, commands, explainFlagError, usage, version } from './cli-help.ts';
import { ConfigError } from './shared/errors.ts';
import { createLogger, type LogLevel } from './shared/logger.ts';
import { restrictUmask } from './shared/private-dir.ts';

function fail(message: string, code = 2): never {
  process.stderr.write(`tixmo: ${message}\n`);
  process.exit(code);
}

/** `close` may return a line saying what it finished on the way out (the edge's drained reads). */
function onStop(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C: leave now
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    close().then(
      (said) => {
        if (typeof said === 'string') process.stdout.write(`${said}\n`);
        process.exit(0);
      },
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
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`tixmo ${version()}\n`);
    return;
  }
  if (command === 'sync') {
    const { runSyncCommand } = await import('./ops/sync-commands.ts');
    const { loadOpsConfig } = await import('./ops/config.ts');
    const result = await runSyncCommand(rest, loadOpsConfig(process.env));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.code);
  }
  if (!commands.includes(command as Command)) fail(`unknown command "${command}"\n\n${usage}`);
  const help = () => commandHelp(command as Command);
  // Before anything is written: databases, journals and generated secrets are private to this user.
  restrictUmask();
  let values: Record<string, string | boolean | undefined>;
  const options = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
    'check-config': { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    'log-level': { type: 'string' },
    config: { type: 'string' },
    salvage: { type: 'boolean' },
    'cloud-port': { type: 'string' },
    'edge-port': { type: 'string' },
    tickets: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
  } as const;
  try {
    ({ values } = parseArgs({ args: rest, strict: true, options }));
  } catch (err) {
    fail(`${explainFlagError((err as Error).message, Object.keys(options))} (tixmo ${command} --help)`);
  }
  if (values.help) {
    process.stdout.write(await help());
    return;
  }
  if (values.version) {
    process.stdout.write(`tixmo ${version()}\n`);
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
    // Before the banner: whoever waits for it may signal at once.
    onStop(() => cloud.close());
    const store = config.databaseUrl ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
    process.stdout.write(
      `TixMo cloud listening on ${cloud.url}\n  API       ${cloud.url}/api/v1\n  OpenAPI   ${cloud.url}/api/v1/openapi.json\n  data      ${store}\n`,
    );
    return;
  }

  if (command === 'edge') {
    if (typeof values.config !== 'string') fail('--config FILE is required (tixmo edge --help)');
    // Before the edge's modules load: they are what grows the young generation.
    if (!values['check-config']) (await import('./edge/small-heap.ts')).keepYoungGenerationSmall();
    const { loadEdgeConfigFile } = await import('./edge/config.ts');
    if (values['check-config']) {
      const { checkConfigReport } = await import('./edge/check-config.ts');
      const report = checkConfigReport(values.config, loadEdgeConfigFile);
      (report.ok ? process.stdout : process.stderr).write(report.text);
      process.exit(report.ok ? 0 : 1);
    }
    const { startEdge } = await import('./edge/runtime.ts');
    const { pullProgressDisplay } = await import('./edge/pull-progress.ts');
    const config = loadEdgeConfigFile(values.config);
    if (values.salvage) {
      const { salvageEdgeData } = await import('./edge/salvage.ts');
      const { describeSalvage } = await import('./edge/salvage-report.ts');
      process.stdout.write(describeSalvage(await salvageEdgeData(config.dataDir), values.config));
      return;
    }
    const logger = createLogger({ level: config.logLevel });
    const configFile = values.config;
    const edge = await startEdge({
      config,
      logger,
      onPullProgress: pullProgressDisplay(process.stdout),
    }).catch((err: unknown) => {
      // Messages that name a command to run name this config file in it.
      if (err instanceof ConfigError) fail(err.message.replace('<your config>', configFile));
      throw err;
    });
    // Before the banner: whoever waits for it may signal at once.
    onStop(async () => {
      const { inFlight } = await edge.close();
      return `stopped: no new reads taken; ${inFlight} read(s) in flight were journalled, announced and acted on before the devices closed`;
    });
    process.stdout.write(
      `TixMo edge listening on ${edge.url}\n  occupancy  ${edge.url}/\n  status     ${edge.url}/api/v1/status\n  live feed  socket.io ${edge.url}/live\n  cloud      ${config.cloudUrl}\n  data       ${config.dataDir}\n`,
    );
    for (const lane of edge.status().lanes) {
      process.stdout.write(
        `  lane ${lane.id} (${lane.direction}): ${lane.devices.map((d) => `${d.type} ${d.path} ${d.state}`).join(', ') || 'no scanner'}\n`,
      );
    }
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
