import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { type CloudClient, cloudClient } from '../shared/api/client.ts';
import { describeZodError } from '../shared/errors.ts';
import {
  type NodeHealth,
  type Reconciliation,
  reconciliationSchema,
  type SyncStatus,
  syncStatusSchema,
} from '../sync/reconcile.ts';
import type { OpsConfig } from './config.ts';

export const syncHelp = `tixmo sync — sync state and reconciliation, from the cloud API

Usage:
  tixmo sync status --venue ID        per edge node: manifest cursor and age, upload backlog,
                                      last ack, clock offset, peers reachable
  tixmo sync reconcile --event ID     totals per node and lane, conflicts (double admissions,
                                      admissions after refund/cancel, manual overrides),
                                      lagging nodes

Options:
  --cloud URL     the cloud's base URL (env TIXMO_CLOUD_URL)
  --token T       an API key or a user's access token. Without it: env TIXMO_API_KEY (an
                  organization API key with the sync-ops scope; made at
                  POST /organizations/ID/api-keys, it does not expire), else env
                  TIXMO_TOKEN (an access token of a member, valid for minutes)
  --json          print JSON instead of tables
  -h, --help      this text

Exit status: 0 all in order, 1 something needs attention (conflicts, lagging nodes),
2 usage or connection error.
`;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tixmo sync …`; `env` is what the CLI read from the environment (ops/config.ts). */
export async function runSyncCommand(args: string[], env: OpsConfig): Promise<CommandResult> {
  const usage = (message: string): CommandResult => ({
    code: 2,
    stdout: '',
    stderr: `tixmo sync: ${message}\n\n${syncHelp}`,
  });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, stdout: syncHelp, stderr: '' };
  const [sub, ...extra] = positionals;
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const cloud = values.cloud ?? env.cloudUrl;
  const token = values.token ?? env.apiKey ?? env.token;
  if (!cloud) return usage('--cloud URL (or env TIXMO_CLOUD_URL) is required');
  if (!token) return usage('--token T (or env TIXMO_API_KEY or TIXMO_TOKEN) is required');

  if (sub === 'status') {
    if (!values.venue) return usage('status needs --venue ID');
    const venueId = values.venue;
    const got = await call(
      cloud,
      (api, signal) => api.GET('/venues/{venueId}/sync-status', { params: { path: { venueId } }, signal }),
      token,
      syncStatusSchema,
    );
    if ('error' in got) return { code: 2, stdout: '', stderr: `tixmo sync: ${got.error}\n` };
    const out = values.json ? `${JSON.stringify(got.data, null, 2)}\n` : statusTable(got.data);
    return { code: got.data.needsAttention ? 1 : 0, stdout: out, stderr: '' };
  }
  if (sub === 'reconcile') {
    if (!values.event) return usage('reconcile needs --event ID');
    const eventId = values.event;
    const got = await call(
      cloud,
      (api, signal) => api.GET('/events/{eventId}/reconciliation', { params: { path: { eventId } }, signal }),
      token,
      reconciliationSchema,
    );
    if ('error' in got) return { code: 2, stdout: '', stderr: `tixmo sync: ${got.error}\n` };
    const out = values.json ? `${JSON.stringify(got.data, null, 2)}\n` : reconcileTables(got.data);
    return { code: got.data.needsAttention ? 1 : 0, stdout: out, stderr: '' };
  }
  return usage(sub ? `unknown subcommand "${sub}"` : 'say status or reconcile');
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      cloud: { type: 'string' },
      token: { type: 'string' },
      venue: { type: 'string' },
      event: { type: 'string' },
    },
  });
}

/**
 * One call of the typed client (generated from the cloud's OpenAPI document, so a route
 * renamed there breaks tsc here), its answer checked against the zod schema the cloud
 * answers with: a cloud of another version fails with the field that differs.
 */
async function call<T extends z.ZodType>(
  cloud: string,
  request: (
    api: CloudClient,
    signal: AbortSignal,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  token: string,
  schema: T,
): Promise<{ data: z.infer<T> } | { error: string }> {
  let got: Awaited<ReturnType<typeof request>>;
  const origin = new URL(cloud).origin;
  try {
    got = await request(cloudClient(cloud, token), AbortSignal.timeout(30_000));
  } catch (err) {
    if (err instanceof SyntaxError) return { error: 'cloud answered with a body that is not JSON' };
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { error: `cloud ${origin} unreachable (${cause})` };
  }
  const { response, error } = got;
  if (!response.ok) {
    const e = (error as { error?: { code?: string; message?: string } } | undefined)?.error;
    const hint = response.status === 401 ? ' (check --token / TIXMO_API_KEY / TIXMO_TOKEN)' : '';
    return { error: `cloud answered ${response.status} ${e?.code ?? ''}: ${e?.message ?? ''}${hint}` };
  }
  const parsed = schema.safeParse(got.data);
  if (!parsed.success) return { error: `cloud answer is not valid: ${describeZodError(parsed.error)}` };
  return { data: parsed.data };
}

/** Plain fixed-width table; cells never contain newlines. */
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '-' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n')}\n`;
}

function nodeRows(nodes: NodeHealth[]) {
  return nodes.map((n) => [
    n.name,
    n.nodeId,
    n.manifestAgeSeconds === null ? null : `${n.manifestAgeSeconds} s`,
    n.tickets,
    n.backlog,
    n.ackedSeq,
    n.clockOffsetMs === null ? null : `${n.clockOffsetMs} ms`,
    `${n.peersReachable}/${n.peers}`,
    // A data dir replaced (wiped or new SD card) shows when its journal began.
    n.earlierLives && n.journalSince ? `new ${n.journalSince.slice(0, 16).replace('T', ' ')}Z` : '-',
    n.revokedAt ? 'revoked' : n.problems.join('; ') || 'ok',
  ]);
}
const nodeHeaders = [
  'NODE',
  'ID',
  'MANIFEST AGE',
  'TICKETS',
  'BACKLOG',
  'LAST ACK',
  'CLOCK',
  'PEERS',
  'JOURNAL',
  'STATUS',
];

function statusTable(s: SyncStatus): string {
  if (s.nodes.length === 0) return 'no edge nodes registered for this venue\n';
  return table(nodeHeaders, nodeRows(s.nodes));
}

function reconcileTables(r: Reconciliation): string {
  const t = r.totals;
  let out = `Event ${r.eventId}: ${t.entries} entries, ${t.exits} exits, ${t.inside} inside, ${t.rejects} rejected\n\n`;
  out += table(
    ['NODE', 'LANE', 'ENTRIES', 'EXITS', 'REJECTS', 'MANUAL', 'ANNULLED'],
    r.perNodeLane.map((l) => [l.nodeName, l.laneId, l.entries, l.exits, l.rejects, l.manual, l.annulled]),
  );
  out += `\nConflicts: ${r.conflicts.length}\n`;
  if (r.conflicts.length > 0)
    out += table(
      ['TYPE', 'TICKET', 'DETAIL'],
      r.conflicts.map((c) => [c.type, c.ticketId, c.detail]),
    );
  out += `\nLagging nodes: ${r.laggingNodes.length}\n`;
  if (r.laggingNodes.length > 0) out += table(nodeHeaders, nodeRows(r.laggingNodes));
  return out;
}
