import type { CloudDb } from '../db/client.ts';
import type { outbox } from '../db/schema.ts';
import type { ChannelName, OutboxKind } from './kinds.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** One message a channel wants sent for an outbox row: what (template) to whom (recipient). */
export interface PlannedDelivery {
  outboxId: string;
  template: string;
  /** A user id for email and in-app; an endpoint id for webhooks. */
  recipient: string;
  orgId: string | null;
}

/** A delivery claimed for sending, with what its outbox row says. */
export interface ClaimedDelivery {
  id: string;
  outboxId: string;
  channel: string;
  template: string;
  recipient: string;
  orgId: string | null;
  attempts: number;
  kind: OutboxKind;
  refId: string | null;
  userId: string | null;
  payload: Record<string, unknown> | null;
  happenedAt: Date;
}

export type DeliveryOutcome =
  | { ok: true; address?: string | undefined }
  /** `permanent`: retrying cannot help (the server refused the address for good). */
  | {
      ok: false;
      permanent: boolean;
      error: string;
      address?: string | undefined;
      /** The channel's own schedule (webhooks retry for days): when set, the worker's attempt limit and backoff do not apply. */
      retryAt?: Date | undefined;
    }
  /** Nothing to send any more (the account was deleted, the ticket moved on): not an error. */
  | { skip: string };

/**
 * A way of telling people: email now; webhooks and in-app notifications plug in the
 * same way (docs/notifications.md). `plan` runs inside the fan-out transaction and
 * decides who gets what for each outbox row; `deliver` sends claimed deliveries and
 * reports each one's outcome as soon as it is known (the worker records them in small
 * groups). One it never reports is given back when the instance stops, or retried once
 * its lease ends.
 */
export interface Channel {
  name: ChannelName;
  plan(db: CloudDb, rows: OutboxRow[]): Promise<PlannedDelivery[]>;
  deliver(batch: ClaimedDelivery[], report: (id: string, outcome: DeliveryOutcome) => void): Promise<void>;
  close(): Promise<void>;
}
