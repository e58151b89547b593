import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, describeZodError } from '../shared/errors.ts';

const serialScannerSchema = z.object({
  type: z.literal('serial'),
  path: z.string().min(1, 'must name the device, such as /dev/ttyACM0'),
  baudRate: z.number().int().positive().default(9600),
  suffix: z.string().min(1).max(8).default('\r\n'),
  maxLineLength: z.number().int().min(16).max(65536).default(4096),
});

const scannerSchema = z.discriminatedUnion('type', [serialScannerSchema], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown scanner type ${JSON.stringify((issue.input as { type?: unknown })?.type)}: use "serial"`
      : undefined,
});

const laneSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, dot, dash or underscore'),
  direction: z.enum(['entry', 'exit']),
  scanners: z.array(scannerSchema).default([]),
});

export const edgeConfigSchema = z
  .object({
    cloudUrl: z.url({ message: 'must be the cloud’s base URL, such as http://127.0.0.1:3000' }),
    nodeToken: z.string().min(10, 'must be the token printed when the edge node was registered'),
    dataDir: z.string().min(1).default('./.tixmo/edge'),
    port: z.number().int().min(0).max(65535).default(4000),
    host: z.string().min(1).default('0.0.0.0'),
    lanes: z.array(laneSchema).min(1, 'configure at least one lane'),
    pullIntervalMs: z.number().int().min(200).default(5000),
    uploadIntervalMs: z.number().int().min(50).default(1000),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** The venue's other edge nodes (their base URLs), for gossip on the LAN. */
    peers: z
      .array(z.url({ message: 'must be a peer edge’s base URL, such as http://10.0.0.12:4000' }))
      .default([]),
    /** Shared by all edges of the venue; signs gossip so nobody else on the LAN can inject admissions. */
    peerSecret: z
      .string()
      .min(16, 'must be at least 16 characters, the same on every edge of the venue')
      .optional(),
    peerPullIntervalMs: z.number().int().min(50).default(1000),
    /**
     * soft: while peers are unreachable each node decides alone. hard: when any peer was
     * not heard from for `unconfirmedAfterSeconds`, entries are rejected (`unconfirmed`).
     */
    antiPassback: z
      .object({
        mode: z.enum(['soft', 'hard']).default('soft'),
        unconfirmedAfterSeconds: z.number().min(1).default(10),
      })
      .default({ mode: 'soft', unconfirmedAfterSeconds: 10 }),
    heartbeatIntervalMs: z.number().int().min(200).default(5000),
    /** Long-poll the cloud for manifest changes (off: only the pullIntervalMs timer; for proxies that cut long requests). */
    watchManifest: z.boolean().default(true),
    /** A clock further than this from the cloud's is flagged in status. */
    maxClockOffsetMs: z.number().int().min(0).default(2000),
  })
  .superRefine((config, ctx) => {
    if (config.peers.length > 0 && !config.peerSecret)
      ctx.addIssue({ code: 'custom', path: ['peerSecret'], message: 'is required when peers are listed' });
    const seen = new Set<string>();
    config.lanes.forEach((lane, i) => {
      if (seen.has(lane.id))
        ctx.addIssue({
          code: 'custom',
          path: ['lanes', i, 'id'],
          message: `lane id "${lane.id}" is used twice`,
        });
      seen.add(lane.id);
    });
  });

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type LaneConfig = EdgeConfig['lanes'][number];
export type ScannerConfig = LaneConfig['scanners'][number];

export function parseEdgeConfig(raw: unknown, source = 'edge config'): EdgeConfig {
  const parsed = edgeConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source}: ${describeZodError(parsed.error)}`);
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}

/** Reads and validates the JSON config file; every failure is one line naming the fix. */
export function loadEdgeConfigFile(file: string): EdgeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `edge config ${file}: file not found`
        : `edge config ${file}: cannot read (${code ?? String(err)})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`edge config ${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseEdgeConfig(raw, `edge config ${file}`);
}
