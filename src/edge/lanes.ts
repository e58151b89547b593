import { HidScanner } from '../devices/hid-scanner.ts';
import { PassageSensor } from '../devices/passage-sensor.ts';
import { RelayBoard } from '../devices/relay-board.ts';
import type { DeviceState, ScannerDevice } from '../devices/scanner.ts';
import { SerialScanner } from '../devices/serial-scanner.ts';
import type { Logger } from '../shared/logger.ts';
import type { Direction } from '../sync/protocol.ts';
import type { LaneCounts } from './admissions.ts';
import type { LaneConfig, ScannerConfig } from './config.ts';
import { GateActuator } from './gate-actuator.ts';
import type { DeviceStatus, LaneStatus } from './http.ts';
import type { ScanOutcome } from './pipeline.ts';
import type { StaffLane } from './staff.ts';
import type { JournalRow } from './store.ts';

export function createScanner(config: ScannerConfig): ScannerDevice {
  switch (config.type) {
    case 'serial':
      return new SerialScanner(config);
    case 'hid':
      return new HidScanner(config);
  }
}

/** A lane at run time: its rules (direction may be switched by staff), devices and gate. */
export interface Lane extends StaffLane {
  devices: ScannerDevice[];
  relay?: RelayBoard;
  passage?: PassageSensor;
  gate: GateActuator;
}

export function buildLane(
  config: LaneConfig,
  deps: {
    savedDirection: Direction | undefined;
    annul: (row: JournalRow, note: string) => Promise<unknown>;
    logger: Logger;
  },
): Lane {
  const direction: Direction =
    config.direction === 'both' ? (deps.savedDirection ?? 'entry') : config.direction;
  const relay = config.actuator.type === 'relay' ? new RelayBoard(config.actuator) : undefined;
  const passage = config.passage ? new PassageSensor(config.passage) : undefined;
  const gate = new GateActuator({
    laneId: config.id,
    relay,
    passage: passage && config.passage ? { sensor: passage, timeoutMs: config.passage.timeoutMs } : undefined,
    annul: deps.annul,
    logger: deps.logger,
  });
  return {
    id: config.id,
    configured: config.direction,
    direction,
    allowedTiers: config.allowedTiers,
    devices: [],
    relay,
    passage,
    gate,
  };
}

/** Opens a lane's gate devices (scanners are attached one by one by the runtime). */
export async function openGateDevices(lane: Lane, onState: (what: string, state: DeviceState) => void) {
  for (const device of [lane.relay, lane.passage]) {
    if (!device) continue;
    device.onStateChange((state) => onState(`${lane.id} ${device.type} ${device.path}`, state));
    await device.open();
  }
}

export async function closeLane(lane: Lane): Promise<void> {
  lane.gate.close();
  for (const d of lane.devices) await d.close();
  await lane.relay?.close();
  await lane.passage?.close();
}

/** After a durable decision: the scanner's beep and, on admission, the gate. Resolves once the beep is sent. */
export async function actOnDecision(lane: Lane, outcome: ScanOutcome, source?: ScannerDevice): Promise<void> {
  const { row } = outcome;
  const admitted = row.decision === 'admit' && row.kind !== 'annul';
  const beep = source?.feedback?.(admitted);
  if (admitted) lane.gate.admitted(row);
  await beep;
}

export function laneStatus(lane: Lane, counts: LaneCounts): LaneStatus {
  const devices: DeviceStatus[] = lane.devices.map((d) => ({ type: d.type, path: d.path, state: d.state }));
  if (lane.relay)
    devices.push({ type: 'relay', path: lane.relay.path, state: lane.relay.state, role: 'actuator' });
  if (lane.passage)
    devices.push({ type: 'passage', path: lane.passage.path, state: lane.passage.state, role: 'passage' });
  return {
    id: lane.id,
    direction: lane.configured,
    activeDirection: lane.direction,
    allowedTiers: [...(lane.allowedTiers ?? [])],
    devices,
    entries: counts.entries,
    exits: counts.exits,
    awaitingPassage: lane.gate.awaitingPassage,
  };
}
