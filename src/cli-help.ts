import { readFileSync } from 'node:fs';
import { closestName } from './shared/did-you-mean.ts';
import type { SettingRow } from './shared/settings-help.ts';

/** package.json sits one level above both src/ and dist/. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const usage = `tixmo — ticketing cloud and venue gate control

Usage:
  tixmo cloud [options]          run the cloud API
  tixmo edge --config FILE       run a gate edge node
  tixmo demo [options]           run a cloud and an edge with simulated scanners (npm start)
  tixmo sync status|reconcile    sync state of a venue's edges; reconciliation of an event
  tixmo <command> --help         options and settings of one command
  tixmo --version                the version
`;

// settings-help (and zod) load only for --help: the edge sets its heap up before zod loads.
async function settingLines(rows: { name: string; row: SettingRow }[]): Promise<string> {
  const { wrap } = await import('./shared/settings-help.ts');
  return rows
    .map(({ name, row }) => {
      const note = row.required
        ? '  (required)'
        : row.default !== undefined
          ? `  (default ${JSON.stringify(row.default)})`
          : '';
      return `  ${name}${note}\n${wrap(row.description ?? '', '      ')}`;
    })
    .join('\n');
}

/** Every cloud setting: its flag (if any), environment variable, default and meaning, from the schema. */
async function cloudHelp(): Promise<string> {
  const { cloudConfigSchema, cloudSettingSources } = await import('./cloud/config.ts');
  const { settingRows } = await import('./shared/settings-help.ts');
  const sources: Record<string, { env: string; flag?: string }> = cloudSettingSources;
  const rows = settingRows(cloudConfigSchema).map((row) => {
    const source = sources[row.key]!;
    return { name: source.flag ? `--${source.flag} V, ${source.env}` : source.env, row };
  });
  return `tixmo cloud — the cloud API (Hono on Postgres)

Usage: tixmo cloud [options]

Settings come from the environment; a flag wins over its variable. An empty variable
counts as unset.

${await settingLines(rows)}

  -h, --help
      this text
`;
}

/** The edge's options and every key of its config file, nested ones included, from the schema. */
async function edgeHelp(): Promise<string> {
  const { edgeConfigSchema } = await import('./edge/config.ts');
  const { settingRows } = await import('./shared/settings-help.ts');
  const rows = settingRows(edgeConfigSchema).map((row) => ({ name: row.key, row }));
  return `tixmo edge — a gate edge node

Usage: tixmo edge --config FILE [--check-config | --salvage]

Options:
  --config FILE       the edge config (JSON; keys below)
  --check-config      validate the config file and exit: 0 valid, 1 not; opens no device,
                      database or port
  --salvage           the edge's database is damaged: copy what can be read into a new
                      one (journal rows keep their seqs; the damaged file is kept beside
                      it), then exit; start the edge again afterwards
  -h, --help          this text

Config file keys (\`a[].b\`: key b of each element of list a; \`(type "serial")\`: keys of
that kind of entry). An unknown key is an error.

${await settingLines(rows)}
`;
}

const demoHelp = `tixmo demo — a cloud and an edge in one process with simulated scanners

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
`;

export const commands = ['cloud', 'edge', 'demo'] as const;
export type Command = (typeof commands)[number];

export function commandHelp(command: Command): Promise<string> {
  if (command === 'cloud') return cloudHelp();
  if (command === 'edge') return edgeHelp();
  return Promise.resolve(demoHelp);
}

/** parseArgs' "Unknown option '--colr'" with the option that was probably meant. */
export function explainFlagError(message: string, known: string[]): string {
  const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
  if (!unknown) return message;
  const guess = closestName(unknown.replace(/^-+/, ''), known);
  return `unknown option ${unknown}${guess ? ` — did you mean --${guess}?` : ''}`;
}
