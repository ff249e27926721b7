import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../model/errors.js';
import { readBuiltinCache, sourceStamp } from './builtin-cache.js';
import { BUILTIN_PATTERNS_DIR } from './load-rules.js';
import { yamlParser } from './yaml-lazy.js';

/** Known canary-token accounts shipped as data (patterns/canaries/*.yaml). */
export const BUILTIN_CANARY_DIR = fileURLToPath(new URL('../../patterns/canaries/', import.meta.url));

/**
 * Loads every canary list: built-in files plus the user's extra files. Each file is YAML with
 * `accounts:` a list of 12-digit account ids (strings or numbers).
 */
export function loadCanaryAccounts(extraFiles: readonly string[] = []): Set<string> {
  const accounts = new Set<string>(loadBuiltinCanaries());
  for (const file of extraFiles) {
    for (const a of readCanaryFile(file)) accounts.add(a);
  }
  return accounts;
}

/** The shipped canary accounts: from the build-time cache when it is current, else from YAML. */
export function loadBuiltinCanaries(): string[] {
  const cache = readBuiltinCache(sourceStamp([BUILTIN_PATTERNS_DIR, BUILTIN_CANARY_DIR]));
  if (cache) return cache.canaries;
  return readdirSync(BUILTIN_CANARY_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .flatMap((n) => readCanaryFile(join(BUILTIN_CANARY_DIR, n)));
}

function readCanaryFile(file: string): string[] {
  let doc: unknown;
  try {
    doc = yamlParser().parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read the canary account list (${(err as Error).message.split('\n')[0]})`,
      {
        file,
        field: 'accounts',
      },
    );
  }
  const list = (doc as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) {
    throw new ConfigError(`${file}: field 'accounts' must be a list of 12-digit account ids`, {
      file,
      field: 'accounts',
    });
  }
  return list.map((a, i) => {
    const s = typeof a === 'number' ? String(a).padStart(12, '0') : String(a);
    if (!/^\d{12}$/.test(s)) {
      throw new ConfigError(`${file}: accounts[${i}] is not a 12-digit account id`, {
        file,
        field: `accounts[${i}]`,
      });
    }
    return s;
  });
}
