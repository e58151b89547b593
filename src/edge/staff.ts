import { AppError } from '../shared/errors.ts';
import { peekTicketCode } from '../shared/ticket-claims.ts';
import type { Direction, ManifestEvent } from '../sync/protocol.ts';
import type { AdmissionState } from './admissions.ts';
import { checkTicketCode } from './code-check.ts';
import type { KeyRing } from './keyring.ts';
import type { LaneRules, ScanOutcome, ScanPipeline } from './pipeline.ts';
import type { EdgeStore, JournalRow } from './store.ts';

/** A lane as staff see and change it. */
export interface StaffLane extends LaneRules {
  /** As configured: `both` lanes can be switched. */
  configured: 'entry' | 'exit' | 'both';
}

export interface StaffDeps {
  store: EdgeStore;
  pipeline: ScanPipeline;
  admissions: AdmissionState;
  keyring: KeyRing;
  events: () => Map<string, ManifestEvent>;
  lanes: Map<string, StaffLane>;
  /** Tells the lane's gate an admission was annulled by hand (stop waiting for its passage). */
  annulled?: (laneId: string, ticketId: string) => void;
}

function laneOf(deps: StaffDeps, laneId: string): StaffLane {
  const lane = deps.lanes.get(laneId);
  if (!lane) throw new AppError('NOT_FOUND', `no lane "${laneId}" on this gate`);
  return lane;
}

/** Finds a ticket by id, or by a scanned code (verified when its event key is known). */
async function resolveTicket(deps: StaffDeps, query: { ticketId?: string; code?: string }) {
  let ticketId = query.ticketId;
  let eventId: string | undefined;
  let tierId: string | undefined;
  if (query.code) {
    const check = checkTicketCode(query.code.trim(), deps.keyring);
    if (!check.ok) {
      const peek = peekTicketCode(query.code.trim());
      throw new AppError(
        'UNPROCESSABLE',
        peek ? `the code's signature does not verify (${check.reason})` : 'that is not a TixMo ticket code',
      );
    }
    ({ t: ticketId, e: eventId, r: tierId } = check.claims);
  }
  if (!ticketId) throw new AppError('BAD_REQUEST', 'give a ticketId or a code');
  const ticket = deps.store.ticket(ticketId);
  eventId = ticket?.eventId ?? eventId;
  tierId = ticket?.tierId ?? tierId;
  if (!eventId || !tierId)
    throw new AppError(
      'NOT_FOUND',
      `unknown_ticket: the manifest has no ticket ${ticketId} (scan its code instead)`,
    );
  return { ticketId, eventId, tierId, ticket };
}

/** Look-up at the gate: the ticket, where it stands, and every scan of it. */
export async function lookupTicket({
  deps,
  query,
}: {
  deps: StaffDeps;
  query: { ticketId?: string; code?: string };
}) {
  const { ticketId, eventId, tierId, ticket } = await resolveTicket(deps, query);
  const event = deps.events().get(eventId);
  return {
    ticket: {
      id: ticketId,
      eventId,
      eventName: event?.name ?? null,
      tierId,
      tierName: event?.tiers.find((t) => t.id === tierId)?.name ?? null,
      status: ticket?.status ?? null,
      version: ticket?.version ?? null,
      inManifest: ticket !== undefined,
    },
    inside: deps.admissions.isInside(ticketId),
    history: deps.store.ticketHistory(ticketId),
  };
}

/**
 * Lets someone in by hand (code won't scan, wrong lane, a judgement call): journalled as
 * kind manual_admit with the staff's reason, counted and uploaded like a scan, and it
 * opens the gate. Refused only when it would count one person twice.
 */
export async function admitManually({
  deps,
  laneId,
  query,
  note,
}: {
  deps: StaffDeps;
  laneId: string;
  query: { ticketId?: string; code?: string };
  note: string;
}): Promise<ScanOutcome> {
  const lane = laneOf(deps, laneId);
  const { ticketId, eventId, ticket } = await resolveTicket(deps, query);
  if (ticket && ticket.status !== 'VALID')
    throw new AppError(
      'CONFLICT',
      `ticket ${ticketId} is ${ticket.status.toLowerCase()}; it cannot be admitted`,
    );
  const inside = deps.admissions.isInside(ticketId);
  if (lane.direction === 'entry' && inside)
    throw new AppError(
      'CONFLICT',
      `ticket ${ticketId} is already inside — annul that admission first if it was wrong`,
    );
  if (lane.direction === 'exit' && !inside)
    throw new AppError('CONFLICT', `ticket ${ticketId} is not inside, so it cannot be let out`);
  return deps.pipeline.record(
    { decision: 'admit', reason: 'ok', ticketId, eventId },
    { laneId, direction: lane.direction, kind: 'manual_admit', note },
  );
}

/** The lane's latest admission that has not been annulled yet. */
export function lastOpenAdmission(store: EdgeStore, laneId: string): JournalRow | undefined {
  const annuls = new Map<string, number>();
  for (const row of store.recentJournal(500)) {
    if (row.laneId !== laneId || row.decision !== 'admit' || !row.ticketId) continue;
    const key = `${row.ticketId}|${row.direction}`;
    if (row.kind === 'annul') {
      annuls.set(key, (annuls.get(key) ?? 0) + 1);
      continue;
    }
    const pending = annuls.get(key) ?? 0;
    if (pending > 0) annuls.set(key, pending - 1);
    else return row;
  }
  return undefined;
}

/**
 * Undoes an admission: kind annul, decision admit, the direction and ticket of the
 * admission it undoes. An annulled entry takes the person off the inside count and
 * one off the event's entries; it is never counted as an exit.
 */
export function annulAdmission({
  deps,
  row,
  note,
}: {
  deps: Pick<StaffDeps, 'pipeline' | 'admissions'>;
  row: JournalRow;
  note: string;
}): Promise<ScanOutcome> {
  const ticketId = row.ticketId!;
  const inside = deps.admissions.isInside(ticketId);
  if (row.direction === 'entry' ? !inside : inside)
    throw new AppError(
      'CONFLICT',
      `ticket ${ticketId} has moved since (${inside ? 'inside' : 'outside'} now)`,
    );
  return deps.pipeline.record(
    { decision: 'admit', reason: 'ok', ticketId, eventId: row.eventId },
    { laneId: row.laneId, direction: row.direction, kind: 'annul', note },
  );
}

export async function annulLastAdmission({
  deps,
  laneId,
  note,
}: {
  deps: StaffDeps;
  laneId: string;
  note: string;
}): Promise<ScanOutcome> {
  laneOf(deps, laneId);
  const row = lastOpenAdmission(deps.store, laneId);
  if (!row) throw new AppError('NOT_FOUND', `lane "${laneId}" has no admission to annul`);
  const outcome = await annulAdmission({ deps, row, note });
  deps.annulled?.(laneId, row.ticketId!);
  return outcome;
}

/** Switches a `both` lane between entry and exit; remembered across restarts and journalled like scans. */
export async function switchLaneDirection({
  deps,
  laneId,
  direction,
  note,
}: {
  deps: StaffDeps;
  laneId: string;
  direction: Direction;
  note?: string | undefined;
}): Promise<StaffLane> {
  const lane = laneOf(deps, laneId);
  if (lane.configured !== 'both')
    throw new AppError(
      'CONFLICT',
      `lane "${laneId}" is wired as ${lane.configured} only; set direction "both" in the config to switch it`,
    );
  lane.direction = direction;
  deps.store.setLaneDirection(laneId, direction);
  await deps.pipeline.record(
    { decision: 'reject', reason: 'ok', ticketId: null, eventId: null },
    { laneId, direction, kind: 'direction', note: note ?? `staff switched the lane to ${direction}` },
  );
  return lane;
}
