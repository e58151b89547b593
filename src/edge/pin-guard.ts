import { AppError } from '../shared/errors.ts';

export interface PinGuardOptions {
  /** Wrong PINs from one address before it is locked. */
  perAddress: number;
  lockMs: number;
  /** Wrong PINs per minute from all addresses together before only trusted addresses may try. */
  globalPerMinute: number;
  /** How long an address that entered the right PIN stays trusted. */
  trustMs: number;
  /** Addresses remembered at most (oldest forgotten first): memory stays bounded. */
  maxAddresses: number;
}

const defaults: PinGuardOptions = {
  perAddress: 5,
  lockMs: 60_000,
  globalPerMinute: 30,
  trustMs: 12 * 3600_000,
  maxAddresses: 4096,
};

/**
 * Brute-force guard for the staff PIN (a 4-digit PIN is guessable otherwise), kept per
 * client address so a device typing wrong PINs locks only itself, never the staff
 * tablets. A global ceiling bounds the guessing rate of someone cycling addresses on
 * the LAN: past it, for the rest of that minute, only addresses that entered the right
 * PIN in the last hours may try. The staff token is never locked.
 */
export class PinGuard {
  private readonly options: PinGuardOptions;
  private readonly byAddress = new Map<string, { failures: number; lockedUntil: number }>();
  private readonly trusted = new Map<string, number>();
  private window = { start: 0, failures: 0 };

  constructor(options: Partial<PinGuardOptions> = {}) {
    this.options = { ...defaults, ...options };
  }

  check(address: string, now: number): void {
    const entry = this.byAddress.get(address);
    if (entry && now < entry.lockedUntil)
      throw new AppError(
        'RATE_LIMITED',
        'too many wrong PINs from this device; it is locked for a minute (other devices and the staff token still work)',
      );
    if (this.globalFailures(now) >= this.options.globalPerMinute && !this.isTrusted(address, now))
      throw new AppError(
        'RATE_LIMITED',
        'too many wrong PINs on this gate from several devices; for a minute only devices that used the PIN before may try (the staff token still works)',
      );
  }

  failed(address: string, now: number): void {
    if (now - this.window.start >= 60_000) this.window = { start: now, failures: 0 };
    this.window.failures++;
    const entry = this.byAddress.get(address) ?? { failures: 0, lockedUntil: 0 };
    this.byAddress.delete(address); // re-inserted last: the map's order is oldest first
    if (++entry.failures >= this.options.perAddress) {
      entry.failures = 0;
      entry.lockedUntil = now + this.options.lockMs;
    }
    this.byAddress.set(address, entry);
    this.bound(this.byAddress);
  }

  succeeded(address: string, now: number): void {
    this.byAddress.delete(address);
    this.trusted.delete(address);
    this.trusted.set(address, now);
    this.bound(this.trusted);
  }

  private globalFailures(now: number): number {
    return now - this.window.start < 60_000 ? this.window.failures : 0;
  }

  private isTrusted(address: string, now: number): boolean {
    const at = this.trusted.get(address);
    return at !== undefined && now - at < this.options.trustMs;
  }

  private bound(map: Map<string, unknown>): void {
    while (map.size > this.options.maxAddresses) map.delete(map.keys().next().value!);
  }
}
