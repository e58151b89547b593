import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, describeZodError } from '../shared/errors.ts';

const hexBytes = z
  .string()
  .regex(/^\s*([0-9a-fA-F]{2}\s*)+$/, 'must be hex bytes such as "1b 37 2c"')
  .transform((h) => Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** Good/bad read signalled back to the scanner (beep, LED). */
const feedbackSchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('none') }),
    // Honeywell host-acknowledge: the scanner waits for ESC 7 , (good) or ESC 8 , (bad) before it beeps.
    z.object({ mode: z.literal('honeywell') }),
    z.object({ mode: z.literal('bytes'), good: hexBytes, bad: hexBytes }),
  ])
  .default({ mode: 'none' });

const serialLineOptions = {
  path: z.string().min(1, 'must name the device, such as /dev/ttyACM0'),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
};

const serialScannerSchema = z.object({
  type: z.literal('serial'),
  ...serialLineOptions,
  /** Reads end with this suffix, or (framing "idle") with a pause of idleGapMs for scanners that send none. */
  suffix: z.string().min(1).max(8).default('\r\n'),
  framing: z.enum(['suffix', 'idle']).default('suffix'),
  idleGapMs: z.number().int().min(5).max(2000).default(50),
  maxLineLength: z.number().int().min(16).max(65536).default(4096),
  /** Strip an AIM symbology identifier (]Q1, ]C0 …) the scanner puts before each read. */
  stripAimPrefix: z.boolean().default(false),
  feedback: feedbackSchema,
});

const hidScannerSchema = z
  .object({
    type: z.literal('hid'),
    /** HID POS (usage page 0x8C). Keyboard-wedge mode cannot be read by the edge. */
    mode: z.enum(['pos', 'keyboard']).default('pos'),
    vendorId: z.number().int().min(0).max(0xffff).optional(),
    productId: z.number().int().min(0).max(0xffff).optional(),
    path: z.string().min(1).optional(),
    stripAimPrefix: z.boolean().default(false),
  })
  .refine((h) => h.mode !== 'keyboard', { message: keyboardWedgeMessage(), path: ['mode'] })
  .refine((h) => h.path || (h.vendorId !== undefined && h.productId !== undefined), {
    message: 'name the scanner by path (/dev/hidraw0) or by vendorId and productId (lsusb shows them)',
  });

function keyboardWedgeMessage(): string {
  return 'keyboard-wedge scanners type into whatever window has focus and cannot be read by the edge: switch the scanner to USB serial (CDC) or HID POS mode with its configuration barcode (README "Wiring a gate")';
}

const scannerSchema = z.discriminatedUnion('type', [serialScannerSchema, hidScannerSchema], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const type = (issue.input as { type?: unknown })?.type;
    if (type === 'keyboard' || type === 'keyboard-wedge') return keyboardWedgeMessage();
    return `unknown scanner type ${JSON.stringify(type)}: use "serial" or "hid"`;
  },
});

/** The gate: a USB serial relay board (LCUS protocol) pulsed open on admit, or none. */
const actuatorSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({
      type: z.literal('relay'),
      ...serialLineOptions,
      channel: z.number().int().min(1).max(8).default(1),
      pulseMs: z.number().int().min(50).max(30_000).default(800),
    }),
  ])
  .default({ type: 'none' });

/** The turnstile's passage signal on a serial line: any byte or line means "someone went through". */
const passageSchema = z.object({
  type: z.literal('serial'),
  ...serialLineOptions,
  /** An admission nobody walks through within this time is annulled. */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
});

const laneSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, dot, dash or underscore'),
  /** `both`: starts as entry; staff switch it (POST /api/v1/staff/lanes/:id/direction). */
  direction: z.enum(['entry', 'exit', 'both']),
  /** Tier ids or names admitted here; empty = every tier. */
  allowedTiers: z.array(z.string().min(1)).default([]),
  scanners: z.array(scannerSchema).default([]),
  actuator: actuatorSchema,
  passage: passageSchema.optional(),
});

/** Handheld computers on the venue Wi-Fi: POST /api/v1/scans with their key. */
const handheldSchema = z.object({
  id: z.string().min(1).max(64),
  key: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 16)'),
  /** Lanes this handheld may scan for; empty = any. */
  lanes: z.array(z.string()).default([]),
});

const staffSchema = z
  .object({
    token: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 16)').optional(),
    pin: z
      .string()
      .regex(/^[0-9]{4,12}$/, 'must be 4 to 12 digits')
      .optional(),
  })
  .refine((s) => s.token || s.pin, { message: 'set a token, a pin or both' });

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
    uploadBatchMs: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(100)
      .describe(
        'how long scans are gathered into one upload after the first of them (a busy gate sends a few batches a second, not a request per scan)',
      ),
    uploadBatchSize: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(500)
      .describe(
        'most scans in one upload; this many waiting are sent at once, and a backlog goes out in batches this size',
      ),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    handhelds: z.array(handheldSchema).default([]),
    staff: staffSchema.optional(),
    /** `reject`: refuse signed codes the manifest does not list yet (unknown_ticket) instead of trusting the signature. */
    unknownTickets: z.enum(['admit', 'reject']).default('admit'),
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
    maxClockCorrectionMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000)
      .default(3_600_000)
      .describe(
        'the most the gate corrects its clock by, towards the cloud’s: every time rule uses the corrected time; 0 = decide on this computer’s clock',
      ),
    rebuildTimeoutSeconds: z
      .number()
      .min(0)
      .default(30)
      .describe(
        'a node starting with an empty journal (new or wiped data dir) rejects reads as `rebuilding` while it learns who is inside from the cloud and its peers, for at most this long; then it decides on what it knows and keeps trying',
      ),
    liveOrigins: z
      .array(
        z
          .url({ message: 'must be a web origin such as http://screens.venue.lan:8080' })
          .transform((u) => new URL(u).origin),
      )
      .default([])
      .describe(
        "Web origins (scheme://host:port) besides the edge's own whose pages may open the Socket.IO /live feed; any other origin is refused",
      ),
    hstsMaxAgeSeconds: z
      .number()
      .int()
      .min(0)
      .max(2 * 365 * 86_400)
      .default(0)
      .describe(
        'Strict-Transport-Security max-age in seconds, for an edge reached only over HTTPS (behind a TLS proxy); 0 = no HSTS',
      ),
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
    const keys = new Set<string>();
    config.handhelds.forEach((h, i) => {
      if (keys.has(h.key))
        ctx.addIssue({
          code: 'custom',
          path: ['handhelds', i, 'key'],
          message: 'two handhelds share one key',
        });
      keys.add(h.key);
      for (const lane of h.lanes)
        if (!seen.has(lane))
          ctx.addIssue({ code: 'custom', path: ['handhelds', i, 'lanes'], message: `no lane "${lane}"` });
    });
  });

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type LaneConfig = EdgeConfig['lanes'][number];
export type ScannerConfig = LaneConfig['scanners'][number];
export type SerialScannerConfig = Extract<ScannerConfig, { type: 'serial' }>;
export type HidScannerConfig = Extract<ScannerConfig, { type: 'hid' }>;
export type ActuatorConfig = LaneConfig['actuator'];
export type PassageConfig = NonNullable<LaneConfig['passage']>;
export type FeedbackConfig = SerialScannerConfig['feedback'];

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
