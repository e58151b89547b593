import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configObject } from '../shared/config-keys.ts';
import { ConfigError, describeZodError } from '../shared/errors.ts';

const hexBytes = z
  .string()
  .regex(/^\s*([0-9a-fA-F]{2}\s*)+$/, 'must be hex bytes such as "1b 37 2c"')
  .transform((h) => Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** Good/bad read signalled back to the scanner (beep, LED). */
const feedbackSchema = z
  .discriminatedUnion('mode', [
    configObject({ mode: z.literal('none').describe('no feedback') }),
    // Honeywell host-acknowledge: the scanner waits for ESC 7 , (good) or ESC 8 , (bad) before it beeps.
    configObject({
      mode: z.literal('honeywell').describe('host acknowledge: ESC 7 , good, ESC 8 , bad'),
    }),
    configObject({
      mode: z.literal('bytes').describe('send these bytes'),
      good: hexBytes.describe('bytes for a good read, hex ("07")'),
      bad: hexBytes.describe('bytes for a bad read, hex ("15 15")'),
    }),
  ])
  .default({ mode: 'none' })
  .describe('good/bad read signalled back to the scanner (beep, LED)');

const serialLineOptions = {
  path: z
    .string()
    .min(1, 'must name the device, such as /dev/ttyACM0')
    .describe('the serial device, such as /dev/ttyACM0 or /dev/tixmo/scanner-0'),
  baudRate: z.number().int().positive().default(9600).describe('line speed'),
  dataBits: z
    .union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)])
    .default(8)
    .describe('5, 6, 7 or 8'),
  parity: z
    .enum(['none', 'even', 'odd', 'mark', 'space'])
    .default('none')
    .describe('none, even, odd, mark or space'),
  stopBits: z
    .union([z.literal(1), z.literal(2)])
    .default(1)
    .describe('1 or 2'),
};

const serialScannerSchema = configObject({
  type: z.literal('serial').describe('a USB serial (CDC-ACM) or RS-232 scanner'),
  ...serialLineOptions,
  suffix: z.string().min(1).max(8).default('\r\n').describe('what ends each read (1–8 characters)'),
  framing: z
    .enum(['suffix', 'idle'])
    .default('suffix')
    .describe('suffix: reads end with the suffix; idle: with a pause of idleGapMs (scanners that send none)'),
  idleGapMs: z
    .number()
    .int()
    .min(5)
    .max(2000)
    .default(50)
    .describe('the pause that ends a read (framing idle)'),
  maxLineLength: z
    .number()
    .int()
    .min(16)
    .max(65536)
    .default(4096)
    .describe('a longer read is rejected; the port keeps working'),
  stripAimPrefix: z
    .boolean()
    .default(false)
    .describe('drop the AIM symbology identifier (]Q1, ]C0 …) the scanner puts before each read'),
  feedback: feedbackSchema,
});

const hidScannerSchema = configObject({
  type: z.literal('hid').describe('a USB HID POS scanner (usage page 0x8C)'),
  mode: z
    .enum(['pos', 'keyboard'])
    .default('pos')
    .describe('pos; keyboard-wedge scanners cannot be read by the edge'),
  vendorId: z
    .number()
    .int()
    .min(0)
    .max(0xffff)
    .optional()
    .describe('USB vendor id, decimal (lsusb shows it in hex); with productId, instead of path'),
  productId: z.number().int().min(0).max(0xffff).optional().describe('USB product id, decimal'),
  path: z.string().min(1).optional().describe('the device, such as /dev/hidraw0'),
  stripAimPrefix: z.boolean().default(false).describe('drop the AIM symbology identifier before each read'),
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
    configObject({ type: z.literal('none').describe('no gate to open') }),
    configObject({
      type: z.literal('relay').describe('an LCUS-type USB relay board'),
      ...serialLineOptions,
      channel: z.number().int().min(1).max(8).default(1).describe('relay channel, 1–8'),
      pulseMs: z
        .number()
        .int()
        .min(50)
        .max(30_000)
        .default(800)
        .describe('how long the relay stays on for one admission'),
    }),
  ])
  .default({ type: 'none' })
  .describe('what opens the gate on an admission, after it is on disk');

/** The turnstile's passage signal on a serial line: any byte or line means "someone went through". */
const passageSchema = configObject({
  type: z.literal('serial').describe('the turnstile controller on a serial line'),
  ...serialLineOptions,
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(10_000)
    .describe('an admission nobody walks through within this time is annulled'),
});

const laneSchema = configObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, dot, dash or underscore')
    .describe('the lane’s name: letters, digits, dot, dash, underscore; unique'),
  direction: z
    .enum(['entry', 'exit', 'both'])
    .describe(
      'entry, exit, or both (starts as entry; staff switch it: POST /api/v1/staff/lanes/:id/direction)',
    ),
  allowedTiers: z
    .array(z.string().min(1))
    .default([])
    .describe('tier ids or names admitted here; others get tier_not_allowed; empty = every tier'),
  scanners: z.array(scannerSchema).default([]).describe('the lane’s serial and HID scanners'),
  actuator: actuatorSchema,
  passage: passageSchema
    .optional()
    .describe('the turnstile’s "someone went through" signal: any bytes received count as one passage'),
});

/** Handheld computers on the venue Wi-Fi: POST /api/v1/scans with their key. */
const handheldSchema = configObject({
  id: z.string().min(1).max(64).describe('the handheld’s name'),
  key: z
    .string()
    .min(16, 'must be at least 16 characters (openssl rand -hex 16)')
    .describe('its bearer key for POST /api/v1/scans, ≥ 16 characters'),
  lanes: z.array(z.string()).default([]).describe('lanes it may scan for; empty = any'),
});

const staffSchema = configObject({
  token: z
    .string()
    .min(16, 'must be at least 16 characters (openssl rand -hex 16)')
    .optional()
    .describe('bearer token for the staff API, ≥ 16 characters'),
  pin: z
    .string()
    .regex(/^[0-9]{4,12}$/, 'must be 4 to 12 digits')
    .optional()
    .describe('PIN for the staff panel (X-Staff-Pin), 4–12 digits; five wrong PINs lock it for a minute'),
}).refine((s) => s.token || s.pin, { message: 'set a token, a pin or both' });

export const edgeConfigSchema = configObject({
  cloudUrl: z
    .url({ message: 'must be the cloud’s base URL, such as http://127.0.0.1:3000' })
    .describe('the cloud’s base URL'),
  nodeToken: z
    .string()
    .min(10, 'must be the token printed when the edge node was registered')
    .describe('the token printed when the edge node was registered (keep this file private)'),
  dataDir: z.string().min(1).default('./.tixmo/edge').describe('SQLite manifest and scan journal'),
  port: z
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(4000)
    .describe('local API, occupancy page, Socket.IO, /healthz, /readyz and /metrics'),
  host: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe('address to bind; 0.0.0.0 so screens and handhelds on the venue LAN can reach it'),
  lanes: z.array(laneSchema).min(1, 'configure at least one lane').describe('the passages of this gate'),
  pullIntervalMs: z
    .number()
    .int()
    .min(200)
    .default(5000)
    .describe('manifest poll interval (the fallback: changes normally arrive by wake-up)'),
  uploadIntervalMs: z
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('idle upload poll (scans are also uploaded within uploadBatchMs of being decided)'),
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
  logLevel: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'])
    .default('info')
    .describe('debug, info (one line per scan decision), warn, error or silent'),
  handhelds: z
    .array(handheldSchema)
    .default([])
    .describe('network handhelds on the venue Wi-Fi: POST /api/v1/scans with their key'),
  staff: staffSchema.optional().describe('the staff API and panel; absent: off'),
  unknownTickets: z
    .enum(['admit', 'reject'])
    .default('admit')
    .describe(
      'reject: refuse signed codes the manifest does not list yet (unknown_ticket) instead of trusting the signature',
    ),
  peers: z
    .array(z.url({ message: 'must be a peer edge’s base URL, such as http://10.0.0.12:4000' }))
    .default([])
    .describe('base URLs of the venue’s other edge nodes, for gossip on the LAN'),
  peerSecret: z
    .string()
    .min(16, 'must be at least 16 characters, the same on every edge of the venue')
    .optional()
    .describe(
      'the venue’s gossip secret, ≥ 16 characters, the same on every edge; signs gossip so nobody else on the LAN can inject admissions',
    ),
  peerPullIntervalMs: z
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('catch-up pull from each peer (admissions are also pushed the moment they happen)'),
  antiPassback: configObject({
    mode: z
      .enum(['soft', 'hard'])
      .default('soft')
      .describe(
        'soft: while peers are unreachable each node decides alone; hard: entries are rejected (unconfirmed) unless every peer answered a recent pull and its rows are held without a gap',
      ),
    unconfirmedAfterSeconds: z
      .number()
      .min(1)
      .default(10)
      .describe('hard mode: silence of a peer after which entries are rejected'),
  })
    .default({ mode: 'soft', unconfirmedAfterSeconds: 10 })
    .describe('what a gate does while it cannot hear its peers'),
  heartbeatIntervalMs: z
    .number()
    .int()
    .min(200)
    .default(5000)
    .describe('how often the node reports its sync state to the cloud and measures its clock offset'),
  cloudTimeoutSeconds: z
    .number()
    .min(1)
    .max(3600)
    .default(15)
    .describe(
      'how long one call to the cloud (pull, upload, heartbeat) waits for an answer before it counts as failed and is retried; the long-poll waits this much longer than it asks the cloud to hold it. A stop never waits for it',
    ),
  watchManifest: z
    .boolean()
    .default(true)
    .describe(
      'long-poll the cloud so manifest changes arrive within a second; off only behind a proxy that cuts long requests',
    ),
  maxClockOffsetMs: z
    .number()
    .int()
    .min(0)
    .default(2000)
    .describe('a clock further than this from the cloud’s is flagged in status'),
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
  maxManifestAgeSeconds: z
    .number()
    .int()
    .min(0)
    .default(3600)
    .describe(
      'GET /readyz answers 503 when the manifest was last synced longer ago than this (the gate keeps deciding); 0 = never',
    ),
  metricsToken: z
    .string()
    .min(16, 'must be at least 16 characters (openssl rand -hex 16)')
    .optional()
    .describe('when set, GET /metrics needs "Authorization: Bearer <token>"; absent, /metrics is open'),
  liveOrigins: z
    .array(
      z
        .url({ message: 'must be a web origin such as http://screens.venue.lan:8080' })
        .transform((u) => new URL(u).origin),
    )
    .default([])
    .describe(
      "web origins (scheme://host:port) besides the edge's own whose pages may open the Socket.IO /live feed; any other origin is refused",
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
}).superRefine((config, ctx) => {
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
