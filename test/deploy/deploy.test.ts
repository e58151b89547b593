import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadEdgeConfigFile } from '../../src/edge/config.ts';
import { requireBinary } from '../helpers/binaries.ts';
import { runCli } from '../helpers/processes.ts';

/**
 * There is no Docker engine or systemd here: what can be checked without them is — the
 * compose file and the env file it needs, the edge config it mounts, the image's final
 * stage, the unit file (systemd-analyze), and that secrets stay out of git and images.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const systemdAnalyze = requireBinary('systemd-analyze', 'systemd');

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('runs the cloud, Postgres, Redis and an edge, each restarted and health-checked', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['cloud', 'edge', 'postgres', 'redis']);
    for (const [name, service] of Object.entries(services)) {
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    expect(services.cloud!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/readyz');
    expect(services.edge!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:4000/healthz');
    expect(services.cloud!.environment).toMatchObject({
      DATABASE_URL: expect.stringContaining('@postgres:5432/'),
      REDIS_URL: expect.stringContaining('@redis:6379'),
    });
  });

  it('takes every secret from the env file: no password in the file, each variable in .env.example', () => {
    const text = read('docker-compose.yml');
    const example = read('.env.example');
    const used = [...text.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!);
    expect(used).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'TIXMO_JWT_SECRET']));
    for (const name of new Set(used)) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    for (const service of Object.values(compose.services))
      for (const [name, value] of Object.entries(service.environment ?? {}))
        if (/PASSWORD|SECRET|TOKEN/.test(name)) expect(value, name).toMatch(/^\$\{/);
    expect(text).not.toMatch(/POSTGRES_PASSWORD: [^$]/);
    // Every cloud setting, Stripe's and TIXMO_TRUST_PROXY included, reaches the cloud from .env.
    expect(compose.services.cloud!.env_file).toEqual(['.env']);
    expect(example).toMatch(/^STRIPE_SECRET_KEY=$/m);
    expect(example).toMatch(/^TIXMO_TRUST_PROXY=/m);
    // No secret has a value in the example.
    for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'TIXMO_JWT_SECRET', 'STRIPE_SECRET_KEY'])
      expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('mounts an edge config that is in the repository and runs without hardware', async () => {
    const mount = compose.services.edge!.volumes!.find((v) => v.endsWith(':/config/edge.json:ro'))!;
    const file = /^\$\{EDGE_CONFIG:-(.+)\}:/.exec(mount)?.[1];
    expect(file).toBeDefined();
    expect(existsSync(`${root}${file}`)).toBe(true);
    const config = loadEdgeConfigFile(`${root}${file}`);
    for (const lane of config.lanes) {
      expect(lane.scanners).toEqual([]);
      expect(lane.actuator).toEqual({ type: 'none' });
      expect(lane.passage).toBeUndefined();
    }
    expect(config.dataDir).toBe('/data');
    const check = runCli(['edge', '--config', `${root}${file}`, '--check-config']);
    expect(await check.exited()).toBe(0);
    expect(check.stdout()).toMatch(/valid/);
  });
});

describe('secrets stay out of git and images', () => {
  it('edge.json and .env are git- and docker-ignored; the examples are not', () => {
    const ignored = (path: string) =>
      spawnSync('git', ['check-ignore', '-q', path], { cwd: root }).status === 0;
    for (const path of ['edge.json', 'deploy/edge.json', '.env', '.env.production'])
      expect(ignored(path), path).toBe(true);
    for (const path of ['.env.example', 'deploy/edge.example.json', 'deploy/edge.compose.json'])
      expect(ignored(path), path).toBe(false);
    const dockerignore = read('.dockerignore').split('\n');
    for (const pattern of ['.env', '**/edge.json', 'edge.json', '.tixmo', 'node_modules'])
      expect(dockerignore).toContain(pattern);
  });
});

describe('Dockerfile', () => {
  const stages = read('Dockerfile')
    .split(/^FROM /m)
    .slice(1)
    .map((s) => `FROM ${s}`);
  const final = stages.at(-1)!;

  it('builds in one stage and runs in another, without compilers, as a user that is not root', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/apt-get install[^\n]*g\+\+/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    expect(final).not.toMatch(/\b(g\+\+|gcc|make|python3|build-essential|[a-z0-9.-]+-dev)\b/);
    expect(final).not.toMatch(/npm (ci|install)/);
    const user = /^USER (\S+)/m.exec(final)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(final).toMatch(/COPY --from=build \/app\/node_modules/);
    expect(final).toMatch(/COPY --from=build \/app\/dist/);
    expect(final).not.toMatch(/COPY (\.|src)\b/);
    expect(final).toMatch(/ENTRYPOINT \["node", "bin\/tixmo\.js"\]/);
  });
});

describe.runIf(systemdAnalyze.available)('deploy/systemd/tixmo-edge.service', () => {
  const unit = 'deploy/systemd/tixmo-edge.service';

  it('is a valid unit: systemd-analyze verify says nothing', () => {
    const run = spawnSync('systemd-analyze', ['verify', `${root}${unit}`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is sandboxed, yet reaches its serial and HID devices and writes its data dir', () => {
    const text = read(unit);
    for (const device of ['char-ttyACM', 'char-ttyUSB', 'char-hidraw'])
      expect(text).toMatch(new RegExp(`^DeviceAllow=${device} rw$`, 'm'));
    expect(text).toMatch(/^DevicePolicy=closed$/m);
    expect(text).not.toMatch(/^PrivateDevices=yes/m);
    expect(text).toMatch(/^SupplementaryGroups=dialout$/m);
    expect(text).toMatch(/^ProtectSystem=strict$/m);
    expect(text).toMatch(/^ReadWritePaths=\/var\/lib\/tixmo$/m);
    expect(text).toMatch(/^User=tixmo$/m);
    expect(text).toMatch(/^Restart=always$/m);
    const security = execFileSync('systemd-analyze', ['security', '--offline=true', `${root}${unit}`], {
      encoding: 'utf8',
    });
    const exposure = Number(/Overall exposure level for [^:]+: ([\d.]+)/.exec(security)?.[1]);
    expect(exposure).toBeLessThanOrEqual(2.5);
  });
});
