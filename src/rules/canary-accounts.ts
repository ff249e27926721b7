import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigError } from '../model/errors.js';

/** Known canary-token accounts shipped as data (patterns/canaries/*.yaml). */
export const BUILTIN_CANARY_DIR = fileURLToPath(new URL('../../patterns/canaries/', import.meta.url));

/**
 * Loads every canary list: built-in files plus the user's extra files. Each file is YAML with
 * `accounts:` a list of 12-digit account ids (strings or numbers).
 */
export function loadCanaryAccounts(extraFiles: readonly string[] = []): Set<string> {
  const files = readdirSync(BUILTIN_CANARY_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => join(BUILTIN_CANARY_DIR, n));
  const accounts = new Set<string>();
  for (const file of [...files, ...extraFiles]) {
    for (const a of readCanaryFile(file)) accounts.add(a);
  }
  return accounts;
}

function readCanaryFile(file: string): string[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
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
