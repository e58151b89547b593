import { chmodSync, lstatSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/shared/errors.ts';
import { securePrivateDir } from '../../src/shared/private-dir.ts';

const mode = (path: string) => lstatSync(path).mode & 0o777;

describe('securePrivateDir', () => {
  it('drops group and other bits inside, keeps the owner’s, and never follows a link out', () => {
    const root = mkdtempSync(join(tmpdir(), 'tixmo-private-'));
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'sub'), 0o775);
    writeFileSync(join(dir, 'sub', 'db'), 'x');
    chmodSync(join(dir, 'sub', 'db'), 0o666);
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tool'), 0o755);
    symlinkSync(outside, join(dir, 'link'));

    securePrivateDir(dir);
    expect([
      mode(dir),
      mode(join(dir, 'sub')),
      mode(join(dir, 'sub', 'db')),
      mode(join(dir, 'tool')),
    ]).toEqual([0o700, 0o700, 0o600, 0o700]);
    expect(statSync(outside).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'link')).mode & 0o777).toBe(0o644);
  });

  it('creates a missing dir 0700 and refuses the root of the file system or a file, with one line', () => {
    const root = mkdtempSync(join(tmpdir(), 'tixmo-private-'));
    securePrivateDir(join(root, 'a', 'b'));
    expect(mode(join(root, 'a', 'b'))).toBe(0o700);
    expect(() => securePrivateDir('/')).toThrow(ConfigError);
    expect(() => securePrivateDir('/')).toThrow(/root of the file system/);
    writeFileSync(join(root, 'file'), '');
    expect(() => securePrivateDir(join(root, 'file'))).toThrow(/^data dir: .*file: is a file, not a folder$/);
  });
});
