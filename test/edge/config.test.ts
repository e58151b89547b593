import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEdgeConfigFile, parseEdgeConfig } from '../../src/edge/config.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const valid = {
  cloudUrl: 'http://127.0.0.1:3000',
  nodeToken: 'node-id.secret-secret',
  dataDir: './.tixmo/edge-1',
  port: 4000,
  lanes: [{ id: 'north-1', direction: 'entry', scanners: [{ type: 'serial', path: '/dev/ttyACM0' }] }],
};

function errorOf(raw: unknown): string {
  try {
    parseEdgeConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('edge config', () => {
  it('fills the documented defaults', () => {
    const config = parseEdgeConfig(valid);
    expect(config.lanes[0]!.scanners[0]).toEqual({
      type: 'serial',
      path: '/dev/ttyACM0',
      baudRate: 9600,
      suffix: '\r\n',
      maxLineLength: 4096,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      framing: 'suffix',
      idleGapMs: 50,
      stripAimPrefix: false,
      feedback: { mode: 'none' },
    });
    expect(config.lanes[0]).toMatchObject({ allowedTiers: [], actuator: { type: 'none' } });
    expect(config).toMatchObject({ handhelds: [], unknownTickets: 'admit' });
    expect(config.staff).toBeUndefined();
    expect(config.dataDir).toMatch(/^\/.*\.tixmo\/edge-1$/);
  });

  it('names a missing field', () => {
    const { nodeToken: _, ...rest } = valid;
    expect(errorOf(rest)).toMatch(/nodeToken/);
  });

  it('names an unknown scanner type and what to use instead', () => {
    const raw = {
      ...valid,
      lanes: [{ id: 'a', direction: 'entry', scanners: [{ type: 'usb-magic', path: 'x' }] }],
    };
    expect(errorOf(raw)).toMatch(/lanes\.0\.scanners\.0.*unknown scanner type "usb-magic": use "serial"/);
  });

  it('rejects a bad direction and duplicate lane ids', () => {
    expect(errorOf({ ...valid, lanes: [{ id: 'a', direction: 'sideways' }] })).toMatch(/lanes\.0\.direction/);
    expect(
      errorOf({
        ...valid,
        lanes: [
          { id: 'a', direction: 'entry' },
          { id: 'a', direction: 'exit' },
        ],
      }),
    ).toMatch(/used twice/);
  });

  it('explains an unreadable file and invalid JSON in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-cfg-'));
    expect(() => loadEdgeConfigFile(join(dir, 'missing.json'))).toThrow(/file not found/);
    writeFileSync(join(dir, 'bad.json'), '{ "cloudUrl": ');
    expect(() => loadEdgeConfigFile(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
  });
});
