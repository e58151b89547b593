import type Database from 'better-sqlite3';
import type { Logger } from '../shared/logger.ts';

/** An error from the disk or SQLite (full, I/O, corrupt, read-only), as opposed to a bug. */
export function isStorageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_') || ['ENOSPC', 'EIO', 'EROFS', 'EDQUOT'].includes(code);
}

export interface StorageReport {
  /** False while the journal cannot be written: every read is refused and no gate opens. */
  healthy: boolean;
  error: string | null;
  since: string | null;
  /** Reads refused with reason `storage` since the edge started. */
  refused: number;
}

/**
 * Whether the journal can be written. A failed commit (disk full, I/O error) turns it
 * unhealthy: reads are then refused at once (reason `storage`, bad beep, gate shut)
 * instead of each paying a failed fsync and a rebuild of the admission state. While
 * unhealthy, a one-row probe write is retried every `probeEveryMs`; the first that
 * succeeds makes the gate decide again — the disk recovered, nobody has to restart.
 * A damaged file (found by a read after start) is not probed: it stays refused until
 * someone stops the edge and salvages it.
 */
export class JournalHealth {
  error: string | null = null;
  since: string | null = null;
  refused = 0;
  private damaged = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly probeStatement;

  constructor(
    private readonly deps: {
      sqlite: Database.Database;
      logger: Logger;
      /** Told on every change of health (the screens re-read status). */
      onChange: () => void;
      probeEveryMs?: number;
      now?: () => Date;
    },
  ) {
    this.probeStatement = deps.sqlite.prepare(
      "INSERT INTO sync_state (key, value) VALUES ('journal.probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
  }

  get healthy(): boolean {
    return this.error === null;
  }

  failed(err: unknown): void {
    const message = describeStorageError(err);
    const first = this.healthy;
    this.error = message;
    // A damaged file does not heal: a probe write elsewhere in it would only pretend it did.
    this.damaged ||= /^SQLITE_(CORRUPT|NOTADB)/.test(String((err as { code?: unknown } | null)?.code));
    if (first) {
      this.since = (this.deps.now?.() ?? new Date()).toISOString();
      this.deps.logger.error('journal cannot be written: refusing every read, gates stay shut', {
        error: message,
      });
      this.deps.onChange();
    }
    this.scheduleProbe();
  }

  report(): StorageReport {
    return { healthy: this.healthy, error: this.error, since: this.since, refused: this.refused };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleProbe(): void {
    if (this.timer || this.damaged) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.probe();
    }, this.deps.probeEveryMs ?? 1000);
    this.timer.unref();
  }

  private probe(): void {
    try {
      this.probeStatement.run((this.deps.now?.() ?? new Date()).toISOString());
    } catch (err) {
      this.error = describeStorageError(err);
      this.scheduleProbe();
      return;
    }
    this.deps.logger.warn('journal writable again: the gate decides again', { failingSince: this.since });
    this.error = null;
    this.since = null;
    this.deps.onChange();
  }
}

function describeStorageError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as Error | null)?.message ?? String(err);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return `disk full (${message})`;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code))
    return `the database is damaged (${message}) — stop the edge and run tixmo edge --config <your config> --salvage`;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
