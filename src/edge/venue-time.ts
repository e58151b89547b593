import type { Logger } from '../shared/logger.ts';
import { VenueClock } from '../sync/edge/venue-clock.ts';
import type { EdgeConfig } from './config.ts';
import type { EdgeStore } from './store.ts';

/**
 * The edge's venue clock (src/sync/edge/venue-clock.ts), starting from the correction
 * saved before a restart and saving each new one. A failed save (full disk) only costs
 * the correction after the next restart: it is logged, never thrown into the heartbeat.
 */
export function openVenueClock(options: {
  store: EdgeStore;
  config: Pick<EdgeConfig, 'maxClockCorrectionMs' | 'maxClockOffsetMs'>;
  local: () => number;
  logger: Logger;
}): VenueClock {
  const { store, config, logger } = options;
  return new VenueClock({
    local: options.local,
    maxCorrectionMs: config.maxClockCorrectionMs,
    flagAboveMs: config.maxClockOffsetMs,
    saved: store.clockCorrection(),
    save: (c) => {
      try {
        store.setClockCorrection(c);
      } catch (err) {
        logger.warn('could not save the clock correction', { err });
      }
    },
  });
}
