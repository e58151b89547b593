import { ConfigError } from '../shared/errors.ts';
import type { EdgeConfig } from './config.ts';

/**
 * `tixmo edge --config F --check-config`: validates F and says what it configures,
 * opening nothing (no database, device or port), for a deploy script or a technician
 * before the gates open.
 */
export function checkConfigReport(
  file: string,
  load: (file: string) => EdgeConfig,
): { ok: boolean; text: string } {
  let config: EdgeConfig;
  try {
    config = load(file);
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, text: `tixmo: ${err.message}\n` };
    throw err;
  }
  const lanes = config.lanes.map((lane) => {
    const devices = [
      ...lane.scanners.map((s) =>
        s.type === 'serial' || s.path
          ? `${s.type} scanner ${s.path}`
          : `hid scanner ${s.vendorId}:${s.productId}`,
      ),
      ...(lane.actuator.type === 'relay' ? [`relay ${lane.actuator.path}`] : []),
      ...(lane.passage ? [`passage ${lane.passage.path}`] : []),
    ];
    return `  lane ${lane.id} (${lane.direction}): ${devices.join(', ') || 'no devices'}`;
  });
  return {
    ok: true,
    text: `edge config ${file}: valid\n  cloud ${config.cloudUrl}, data ${config.dataDir}, port ${config.port}\n${lanes.join('\n')}\n`,
  };
}
