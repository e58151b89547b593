import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'tixmo-cli-'));
const base = {
  cloudUrl: 'http://127.0.0.1:9',
  nodeToken: 'node-id.0123456789abcdef',
  dataDir: join(dir, 'edge'),
  port: 0,
  host: '127.0.0.1',
  lanes: [{ id: 'north-1', direction: 'entry', scanners: [] as unknown[] }],
};

async function runToEnd(args: string[], env: NodeJS.ProcessEnv = {}) {
  const p = runCli(args, env);
  const code = await p.exited();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

function configFile(name: string, content: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** One line naming the fix; never a stack trace. */
function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tixmo: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('tixmo CLI', () => {
  let blocker: Server;
  let busyPort: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

  it.each([[[]], [['--help']], [['cloud', '--help']], [['edge', '--help']], [['demo', '--help']]])(
    'prints help for %j',
    async (args) => {
      const { code, stdout } = await runToEnd(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/tixmo/);
      expect(stdout).toMatch(/--help|Usage/);
    },
  );

  it('refuses an unknown command and an unknown flag', async () => {
    const unknown = await runToEnd(['teleport']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "teleport"/);
    const flag = await runToEnd(['cloud', '--colour', 'blue']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--colour/);
  });

  it('edge: a missing field', async () => {
    const { nodeToken: _, ...rest } = base;
    const { code, stderr } = await runToEnd(['edge', '--config', configFile('missing', rest)]);
    expect(code).toBe(2);
    expectOneClearLine(stderr, /nodeToken/);
  });

  it('edge: an unknown scanner type', async () => {
    const file = configFile('type', {
      ...base,
      lanes: [{ id: 'a', direction: 'entry', scanners: [{ type: 'laser-eye', path: 'x' }] }],
    });
    const { code, stderr } = await runToEnd(['edge', '--config', file]);
    expect(code).toBe(2);
    expectOneClearLine(stderr, /unknown scanner type "laser-eye": use "serial"/);
  });

  it('edge: a keyboard-wedge scanner, and a relay board that cannot be opened', async () => {
    const wedge = configFile('wedge', {
      ...base,
      lanes: [{ id: 'a', direction: 'entry', scanners: [{ type: 'keyboard' }] }],
    });
    const first = await runToEnd(['edge', '--config', wedge]);
    expect(first.code).toBe(2);
    expectOneClearLine(
      first.stderr,
      /keyboard-wedge scanners .* cannot be read by the edge: switch the scanner to USB serial \(CDC\) or HID POS mode/,
    );
    const relay = configFile('relay', {
      ...base,
      lanes: [{ id: 'a', direction: 'entry', actuator: { type: 'relay', path: '/dev/ttyTIXMO-no-relay' } }],
    });
    const second = await runToEnd(['edge', '--config', relay]);
    expect(second.code).toBe(2);
    expectOneClearLine(second.stderr, /relay board \/dev\/ttyTIXMO-no-relay: no such device/);
  });

  it('edge: the port is in use', async () => {
    const { code, stderr } = await runToEnd([
      'edge',
      '--config',
      configFile('port', { ...base, port: busyPort }),
    ]);
    expect(code).toBe(2);
    expectOneClearLine(stderr, new RegExp(`port ${busyPort} .*in use`));
  });

  it('edge: a serial path that cannot be opened', async () => {
    const file = configFile('serial', {
      ...base,
      lanes: [{ id: 'a', direction: 'entry', scanners: [{ type: 'serial', path: '/dev/ttyTIXMO-absent' }] }],
    });
    const { code, stderr } = await runToEnd(['edge', '--config', file]);
    expect(code).toBe(2);
    expectOneClearLine(stderr, /scanner \/dev\/ttyTIXMO-absent: no such device/);
  });

  it('edge: a missing file, invalid JSON and no --config', async () => {
    expectOneClearLine(
      (await runToEnd(['edge', '--config', join(dir, 'nope.json')])).stderr,
      /file not found/,
    );
    expectOneClearLine(
      (await runToEnd(['edge', '--config', configFile('broken', '{"cloudUrl": ')])).stderr,
      /not valid JSON/,
    );
    const none = await runToEnd(['edge']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--config FILE is required/);
  });

  it('cloud: a bad DATABASE_URL and a busy port', async () => {
    const badUrl = await runToEnd(['cloud', '--port', '0', '--data-dir', join(dir, 'c1')], {
      DATABASE_URL: 'not a url',
    });
    expect(badUrl.code).toBe(2);
    expectOneClearLine(badUrl.stderr, /databaseUrl/);
    const busy = await runToEnd(['cloud', '--port', String(busyPort), '--data-dir', join(dir, 'c2')]);
    expect(busy.code).toBe(2);
    expectOneClearLine(busy.stderr, /in use/);
  });

  it('cloud: prints where it listens and stops cleanly on SIGTERM', async () => {
    const p = runCli(['cloud', '--port', '0', '--data-dir', join(dir, 'c3')]);
    const [, url] = await p.waitFor(/TixMo cloud listening on (http:\/\/\S+)/);
    expect(p.stdout()).toMatch(/OpenAPI\s+http:\/\/\S+\/api\/v1\/openapi\.json/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await p.kill('SIGTERM')).toBe(0);
  });
});
