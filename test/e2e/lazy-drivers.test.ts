import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { type CliProcess, runCli } from '../helpers/processes.ts';

/**
 * node-hid needs libusb at load time and serialport's binding needs udev for listing:
 * an edge with no device of a kind must never load that kind's native code. Checked in
 * the edge process's memory map.
 */
describe('hardware drivers are loaded only when configured', () => {
  let edge: CliProcess | undefined;
  afterAll(async () => {
    await edge?.kill();
  });

  it('an edge with only handheld lanes maps neither node-hid nor the serialport binding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tixmo-lazy-'));
    const configFile = join(dir, 'edge.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        cloudUrl: 'http://127.0.0.1:9',
        nodeToken: 'node-lazy.secret-secret',
        dataDir: join(dir, 'edge'),
        port: await freePort(),
        host: '127.0.0.1',
        lanes: [{ id: 'a', direction: 'entry' }],
        handhelds: [{ id: 'hh', key: 'handheld-key-0123456789' }],
      }),
    );
    edge = runCli(['edge', '--config', configFile]);
    await edge.waitFor(/TixMo edge listening on/);
    const maps = readFileSync(`/proc/${edge.child.pid}/maps`, 'utf8');
    expect(maps).toMatch(/better_sqlite3\.node/); // the check can see native modules
    expect(maps).not.toMatch(/HID[^/\n]*\.node|node-hid/);
    expect(maps).not.toMatch(/bindings-cpp|serialport/);
  });
});
