import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudConfigSchema, cloudSettingSources } from '../../src/cloud/config.ts';
import { edgeConfigSchema } from '../../src/edge/config.ts';
import { settingRows } from '../../src/shared/settings-help.ts';
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

let blocker: Server;
let busyPort: number;

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  busyPort = (blocker.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

describe('tixmo CLI', () => {
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

describe('tixmo CLI: version, generated help, unknown keys, --check-config', () => {
  it('--version prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const args of [['--version'], ['cloud', '--version']]) {
      const { code, stdout } = await runToEnd(args);
      expect(code).toBe(0);
      expect(stdout.trim()).toBe(`tixmo ${version}`);
    }
  });

  it('cloud --help lists every setting with its variable, flag, default and meaning', async () => {
    const { code, stdout } = await runToEnd(['cloud', '--help']);
    expect(code).toBe(0);
    const rows = settingRows(cloudConfigSchema);
    expect(rows.length).toBeGreaterThanOrEqual(23);
    const sources: Record<string, { env: string; flag?: string }> = cloudSettingSources;
    for (const row of rows) {
      const source = sources[row.key]!;
      expect(stdout, row.key).toContain(source.env);
      if (source.flag) expect(stdout, row.key).toContain(`--${source.flag} V, ${source.env}`);
      expect(row.description, `${row.key} has a description`).toBeTruthy();
      expect(stdout.replace(/\s+/g, ' '), row.key).toContain(row.description);
    }
    expect(stdout).toMatch(/TIXMO_HOLD_MINUTES {2}\(default 15\)\n\s+how long a pending order/);
    expect(stdout).toMatch(/TIXMO_METRICS_TOKEN\n\s+when set, GET \/metrics needs/);
  });

  it('edge --help lists every config key, nested ones included, with default and meaning', async () => {
    const { code, stdout } = await runToEnd(['edge', '--help']);
    expect(code).toBe(0);
    const rows = settingRows(edgeConfigSchema);
    for (const key of [
      'cloudUrl',
      'lanes[].scanners[] (type "serial").baudRate',
      'antiPassback.mode',
      'staff.pin',
    ])
      expect(rows.map((r) => r.key)).toContain(key);
    for (const row of rows) {
      expect(row.description, `${row.key} has a description`).toBeTruthy();
      expect(stdout, row.key).toContain(`  ${row.key}`);
    }
    expect(stdout).toMatch(/ {2}port {2}\(default 4000\)/);
    expect(stdout).toMatch(/ {2}nodeToken {2}\(required\)/);
    expect(stdout).toContain('--check-config');
  });

  it('edge: a misspelt key, top-level or nested, is an error naming the key it meant', async () => {
    const top = await runToEnd([
      'edge',
      '--config',
      configFile('typo-top', { ...base, hearbeatIntervalMs: 5000 }),
    ]);
    expect(top.code).toBe(2);
    expectOneClearLine(top.stderr, /unknown key "hearbeatIntervalMs" — did you mean "heartbeatIntervalMs"\?/);
    const lane = await runToEnd([
      'edge',
      '--config',
      configFile('typo-lane', { ...base, lanes: [{ id: 'a', direction: 'entry', scaners: [] }] }),
    ]);
    expect(lane.code).toBe(2);
    expectOneClearLine(lane.stderr, /lanes\.0: unknown key "scaners" — did you mean "scanners"\?/);
    const deep = await runToEnd([
      'edge',
      '--config',
      configFile('typo-deep', {
        ...base,
        lanes: [{ id: 'a', direction: 'entry', actuator: { type: 'relay', path: '/dev/x', pulsems: 500 } }],
      }),
    ]);
    expect(deep.code).toBe(2);
    expectOneClearLine(deep.stderr, /lanes\.0\.actuator: unknown key "pulsems" — did you mean "pulseMs"\?/);
  });

  it('edge --check-config: 0 and a summary for a valid file, opening nothing; 1 and the reason otherwise', async () => {
    const dataDir = join(dir, 'check-data');
    const file = configFile('check-ok', {
      ...base,
      dataDir,
      port: busyPort,
      lanes: [
        { id: 'north-1', direction: 'entry', scanners: [{ type: 'serial', path: '/dev/ttyTIXMO-absent' }] },
      ],
    });
    const ok = await runToEnd(['edge', '--config', file, '--check-config']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`edge config ${file}: valid`);
    expect(ok.stdout).toContain('lane north-1 (entry): serial scanner /dev/ttyTIXMO-absent');
    // The device does not exist and the port is taken: checked, not opened.
    expect(existsSync(dataDir)).toBe(false);

    const bad = await runToEnd([
      'edge',
      '--config',
      configFile('check-bad', { ...base, lanes: [{ id: 'a', direction: 'sideways' }] }),
      '--check-config',
    ]);
    expect(bad.code).toBe(1);
    expectOneClearLine(bad.stderr, /lanes\.0\.direction/);
    const missing = await runToEnd(['edge', '--config', join(dir, 'nope.json'), '--check-config']);
    expect(missing.code).toBe(1);
    expectOneClearLine(missing.stderr, /file not found/);
  });

  it('cloud: a misspelt TIXMO_ variable is an error; other tools’ TIXMO_ variables are left alone', async () => {
    const typo = await runToEnd(['cloud', '--port', '0', '--data-dir', join(dir, 'c4')], {
      TIXMO_HOLD_MINUTE: '5',
    });
    expect(typo.code).toBe(2);
    expectOneClearLine(typo.stderr, /TIXMO_HOLD_MINUTE is not a setting — did you mean TIXMO_HOLD_MINUTES\?/);
    const p = runCli(['cloud', '--port', '0', '--data-dir', join(dir, 'c5')], {
      TIXMO_TOKEN: 'a-client-token',
      TIXMO_CLOUD_URL: 'http://127.0.0.1:3000',
    });
    await p.waitFor(/TixMo cloud listening on/);
    expect(await p.kill('SIGTERM')).toBe(0);
  });

  it('an unknown flag names the flag it probably meant', async () => {
    const { code, stderr } = await runToEnd(['cloud', '--prot', '3000']);
    expect(code).toBe(2);
    expectOneClearLine(stderr, /unknown option --prot — did you mean --port\?/);
  });
});
