import { z } from 'zod';
import { closestName } from './did-you-mean.ts';

function unknownKeys(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const guess = closestName(key, known);
      return `unknown key "${key}" — ${guess ? `did you mean "${guess}"?` : 'see `tixmo edge --help` for the keys'}`;
    })
    .join('; ');
}

/**
 * An object in a config file. A key it does not know is an error naming the key it
 * most likely meant: a misspelt `"scaners"` silently ignored is a gate with no scanner.
 */
export function configObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys, known) : undefined),
  });
}

/**
 * Environment variables with our prefix that look like a misspelling of a setting
 * (`TIXMO_HOLD_MINUTE`). Others with the prefix are left alone: the `tixmo` client
 * commands and tools read theirs from the same environment.
 */
export function misspeltVariables(
  env: Record<string, string | undefined>,
  known: readonly string[],
  prefix = 'TIXMO_',
): string[] {
  const names = new Set(known);
  return Object.keys(env)
    .filter((name) => name.startsWith(prefix) && !names.has(name))
    .flatMap((name) => {
      const guess = closestName(name, known);
      return guess ? [`${name} is not a setting — did you mean ${guess}?`] : [];
    });
}
