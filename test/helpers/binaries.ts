import { execFileSync } from 'node:child_process';

/**
 * Tests use real engines. When one is missing, CI fails naming the Debian package;
 * on a developer machine (CI unset) the test may skip, loudly.
 */
export function which(binary: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function requireBinary(
  binary: string,
  debianPackage: string,
): { available: boolean; path: string | null } {
  const path = which(binary);
  if (path) return { available: true, path };
  const message = `${binary} not found: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`;
  if (process.env.CI) throw new Error(message);
  console.warn(`SKIPPING tests that need ${binary}: ${message}`);
  return { available: false, path: null };
}
