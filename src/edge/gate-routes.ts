import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError, describeZodError } from '../shared/errors.ts';
import { unstorable } from '../shared/storable-text.ts';
import { directionSchema } from '../sync/protocol.ts';
import { GateRefusal } from './gate-reads.ts';
import { PinGuard } from './pin-guard.ts';
import type { ScanOutcome } from './pipeline.ts';
import {
  admitManually,
  annulLastAdmission,
  lookupTicket,
  type StaffDeps,
  switchLaneDirection,
} from './staff.ts';

export interface GateRoutesDeps {
  staff: StaffDeps;
  handhelds: { id: string; key: string; lanes: string[] }[];
  staffAuth?: { token?: string; pin?: string };
  scan(laneId: string, code: string): Promise<ScanOutcome | null>;
  /** False while the edge is stopping: staff actions are refused like reads. */
  accepting?: () => boolean;
  /** A one-time pass that makes a Socket.IO /live connection a staff screen. */
  livePass?: () => { pass: string; expiresInSeconds: number };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('BAD_REQUEST', 'the body must be JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_REQUEST', describeZodError(parsed.error));
  return parsed.data;
}

const bearer = (c: Context) => c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '';

const scanBody = z.object({ laneId: z.string().min(1).max(64), code: z.string().min(1).max(4096) });
const ticketQuery = z
  .object({ ticketId: z.string().min(1).max(64).optional(), code: z.string().min(1).max(4096).optional() })
  .refine((q) => q.ticketId || q.code, { message: 'give a ticketId or a code' });
// Notes travel in the journal to the cloud, which cannot store NUL: refused here, not in the upload.
const storable = (text: string) => unstorable(text) === null;
const storableMessage = 'must not contain NUL characters or unpaired surrogates';
const note = z
  .string()
  .trim()
  .min(3, 'say why (at least 3 characters)')
  .max(500)
  .refine(storable, storableMessage);

/** The TCP peer's address (no proxy sits between handhelds and the gate; a forwarded header could be forged). */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

function present(outcome: ScanOutcome | null) {
  if (!outcome) return { decision: 'reject' as const, reason: 'malformed' as const, seq: null };
  const { row } = outcome;
  return {
    seq: row.seq,
    laneId: row.laneId,
    direction: row.direction,
    decision: row.decision,
    reason: row.reason,
    ticketId: row.ticketId,
    kind: row.kind ?? 'scan',
    note: row.note ?? null,
    at: row.at,
    ...(outcome.occupancy ? { occupancy: outcome.occupancy } : {}),
  };
}

/**
 * Network handhelds (POST /api/v1/scans with a per-device key) and the staff API
 * (/api/v1/staff/…, a staff token or PIN from the edge config).
 */
export function createGateRoutes(deps: GateRoutesDeps) {
  const app = new Hono();
  const pins = new PinGuard();

  app.post('/api/v1/scans', async (c) => {
    const key = bearer(c);
    const device = deps.handhelds.find((h) => same(h.key, key));
    if (!device)
      throw new AppError(
        'UNAUTHORIZED',
        'send the handheld key from the edge config as Authorization: Bearer <key>',
      );
    const { laneId, code } = await body(c, scanBody);
    if (!deps.staff.lanes.has(laneId)) throw new AppError('NOT_FOUND', `no lane "${laneId}" on this gate`);
    if (device.lanes.length > 0 && !device.lanes.includes(laneId))
      throw new AppError('FORBIDDEN', `handheld "${device.id}" may not scan for lane "${laneId}"`);
    try {
      return c.json(present(await deps.scan(laneId, code)));
    } catch (err) {
      // The handheld still gets the gate's answer (reject, storage) beside the error.
      if (!(err instanceof GateRefusal)) throw err;
      const error = { code: err.code, message: err.message, requestId: c.get('requestId') ?? '' };
      return c.json({ error, ...err.refusal }, err.status);
    }
  });

  app.use('/api/v1/staff/*', async (c, next) => {
    const auth = deps.staffAuth;
    if (!auth)
      throw new AppError(
        'NOT_FOUND',
        'staff access is not configured on this gate (set "staff" in the edge config)',
      );
    const token = bearer(c);
    const pin = c.req.header('x-staff-pin') ?? '';
    const now = Date.now();
    if (c.req.method !== 'GET' && deps.accepting && !deps.accepting())
      throw new AppError('UNAVAILABLE', 'the gate is shutting down; try again once it is back');
    if (auth.token && token && same(auth.token, token)) return next();
    if (auth.pin && pin) {
      const address = clientAddress(c);
      pins.check(address, now);
      if (same(auth.pin, pin)) {
        pins.succeeded(address, now);
        return next();
      }
      pins.failed(address, now);
    }
    throw new AppError(
      'UNAUTHORIZED',
      'send the staff token as Authorization: Bearer <token> or the PIN as X-Staff-Pin',
    );
  });

  app.get('/api/v1/staff/tickets', async (c) => {
    const parsed = ticketQuery.safeParse({ ticketId: c.req.query('ticketId'), code: c.req.query('code') });
    if (!parsed.success) throw new AppError('BAD_REQUEST', describeZodError(parsed.error));
    return c.json(await lookupTicket({ deps: deps.staff, query: parsed.data }));
  });

  app.post('/api/v1/staff/lanes/:laneId/admit', async (c) => {
    const input = await body(
      c,
      z.object({
        ticketId: z.string().min(1).max(64).optional(),
        code: z.string().min(1).max(4096).optional(),
        note,
      }),
    );
    if (!input.ticketId && !input.code) throw new AppError('BAD_REQUEST', 'give a ticketId or a code');
    const outcome = await admitManually({
      deps: deps.staff,
      laneId: c.req.param('laneId'),
      query: input,
      note: input.note,
    });
    return c.json(present(outcome), 201);
  });

  app.post('/api/v1/staff/lanes/:laneId/annul-last', async (c) => {
    const input = await body(c, z.object({ note }));
    const outcome = await annulLastAdmission({
      deps: deps.staff,
      laneId: c.req.param('laneId'),
      note: input.note,
    });
    return c.json(present(outcome), 201);
  });

  app.post('/api/v1/staff/lanes/:laneId/direction', async (c) => {
    const input = await body(
      c,
      z.object({
        direction: directionSchema,
        note: z.string().trim().max(500).refine(storable, storableMessage).optional(),
      }),
    );
    const lane = await switchLaneDirection({
      deps: deps.staff,
      laneId: c.req.param('laneId'),
      direction: input.direction,
      note: input.note,
    });
    return c.json({ id: lane.id, direction: lane.configured, activeDirection: lane.direction });
  });

  // Staff screens trade their token or PIN (checked above, with its guard) for a live-feed pass.
  app.post('/api/v1/staff/live-pass', (c) => {
    if (!deps.livePass) throw new AppError('NOT_FOUND', 'this gate has no live feed');
    return c.json(deps.livePass(), 201);
  });

  return app;
}
