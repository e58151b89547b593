import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.ts';

describe('tixmo demo (npm start)', () => {
  it('seeds, serves the occupancy page and lets people in, all under one data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tixmo-demo-'));
    const demo = runCli([
      'demo',
      '--data-dir',
      dataDir,
      '--cloud-port',
      '0',
      '--edge-port',
      '0',
      '--tickets',
      '30',
      '--rate',
      '20',
      '--duration',
      '7',
    ]);
    const [, pageUrl] = await demo.waitFor(/Occupancy page\s+(http:\/\/\S+)/);
    const page = await fetch(pageUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/live occupancy/);
    const client = await fetch(new URL('/socket.io/socket.io.min.js', pageUrl!));
    expect(client.status).toBe(200); // served locally: the page needs no internet
    const [, inside] = await demo.waitFor(/inside (\d+)\/5000/);
    expect(Number(inside)).toBeGreaterThan(0);
    expect(await demo.exited()).toBe(0);
    expect(demo.stdout()).toContain(join(dataDir, 'demo'));
    expect(demo.stderr()).toBe('');
  });
});
