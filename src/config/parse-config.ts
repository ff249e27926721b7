import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Document, isScalar, isSeq, parseDocument } from 'yaml';
import { ConfigError } from '../model/errors.js';
import {
  type AllowEntry,
  type ConfigFailOn,
  FAIL_ON_LEVELS,
  type KeysweepConfig,
} from './keysweep-config.js';

const TOP_KEYS = [
  'exclude',
  'patterns',
  'canary-accounts',
  'allow',
  'fail-on',
  'baseline',
  'verify',
] as const;
const VERIFY_KEYS = ['accounts', 'skip-accounts', 'concurrency', 'timeout'] as const;
const ALLOW_KEYS = ['fingerprint', 'key-id', 'reason'] as const;

export function readConfig(file: string): KeysweepConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      {
        file,
        hint: 'check the --config path, or run `keysweep init` to write one',
      },
    );
  }
  return parseConfig(text, resolve(file));
}

/**
 * Validates the whole file before anything is scanned. Every error names the file and the key
 * at fault (`allow[2].reason`), and unknown keys are errors: a typo such as `exlude:` would
 * otherwise be ignored and the user would believe the paths excluded.
 */
export function parseConfig(text: string, file: string): KeysweepConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new ConfigError(`${file}: invalid YAML${where}: ${e.message.split('\n')[0]}`, {
      file,
      hint: 'fix the YAML syntax',
    });
  }
  const raw: unknown = doc.toJS() ?? {};
  const fail = (field: string, message: string, hint?: string): never => {
    throw new ConfigError(`${file}: ${field}: ${message}`, { file, field, ...(hint ? { hint } : {}) });
  };
  if (!isObject(raw))
    return fail('(top level)', 'must be a mapping of settings', 'see `keysweep init` for a starter');
  checkKeys(raw, TOP_KEYS, '', fail);
  const dir = dirname(file);
  const paths = (field: string) => stringList(raw[field], field, fail).map((p) => resolve(dir, p));

  const config: KeysweepConfig = {
    file,
    dir,
    exclude: stringList(raw['exclude'], 'exclude', fail),
    patterns: paths('patterns'),
    canaryAccounts: paths('canary-accounts'),
    allow: allowList(raw['allow'], fail),
    verify: {},
  };
  if (raw['fail-on'] !== undefined) {
    const v = raw['fail-on'];
    if (typeof v !== 'string' || !(FAIL_ON_LEVELS as readonly string[]).includes(v)) {
      fail('fail-on', `'${String(v)}' is not one of ${FAIL_ON_LEVELS.join(', ')}`);
    }
    config.failOn = v as ConfigFailOn;
  }
  if (raw['baseline'] !== undefined) {
    if (typeof raw['baseline'] !== 'string' || raw['baseline'] === '')
      fail('baseline', 'must be a file path');
    config.baseline = resolve(dir, raw['baseline'] as string);
  }
  const verify = raw['verify'];
  if (verify !== undefined && verify !== null) {
    if (!isObject(verify))
      fail('verify', 'must be a mapping (accounts, skip-accounts, concurrency, timeout)');
    const v = verify as Record<string, unknown>;
    checkKeys(v, VERIFY_KEYS, 'verify.', fail);
    if (v['accounts'] !== undefined)
      config.verify.accounts = accountList(asWritten(doc, ['verify', 'accounts']), 'verify.accounts', fail);
    if (v['skip-accounts'] !== undefined)
      config.verify.skipAccounts = accountList(
        asWritten(doc, ['verify', 'skip-accounts']),
        'verify.skip-accounts',
        fail,
      );
    if (v['concurrency'] !== undefined)
      config.verify.concurrency = positiveInt(v['concurrency'], 'verify.concurrency', fail);
    if (v['timeout'] !== undefined)
      config.verify.timeoutMs = positiveInt(v['timeout'], 'verify.timeout', fail);
  }
  return config;
}

type Fail = (field: string, message: string, hint?: string) => never;

function checkKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => closeEnough(k, key));
    fail(
      `${prefix}${key}`,
      `unknown setting${near ? ` (did you mean '${prefix}${near}'?)` : ''}`,
      `known settings${prefix ? ` under ${prefix.slice(0, -1)}` : ''}: ${known.join(', ')}`,
    );
  }
}

function allowList(v: unknown, fail: Fail): AllowEntry[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail('allow', 'must be a list of {fingerprint or key-id, reason}');
  return v.map((item, i) => {
    const field = `allow[${i}]`;
    if (!isObject(item)) return fail(field, 'must be a mapping with fingerprint or key-id, and reason');
    checkKeys(item, ALLOW_KEYS, `${field}.`, fail);
    const fp = item['fingerprint'];
    const keyId = item['key-id'];
    if (fp === undefined && keyId === undefined) fail(field, 'needs a fingerprint or a key-id');
    if (fp !== undefined && keyId !== undefined) fail(field, 'give a fingerprint or a key-id, not both');
    if (fp !== undefined && (typeof fp !== 'string' || !/^[0-9a-f]{64}$/.test(fp))) {
      fail(
        `${field}.fingerprint`,
        'must be a keysweep fingerprint (64 hex characters)',
        'copy it from a report',
      );
    }
    if (
      keyId !== undefined &&
      (typeof keyId !== 'string' || !/^(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}$/.test(keyId))
    ) {
      fail(
        `${field}.key-id`,
        'must be an AWS access key id (20 characters, AKIA…)',
        'allow values by key id or fingerprint only: never put a secret in this file',
      );
    }
    const reason = item['reason'];
    if (typeof reason !== 'string' || reason.trim() === '') {
      fail(
        `${field}.reason`,
        'is required: say why this finding is acceptable',
        "e.g. reason: 'documentation example, never issued'",
      );
    }
    return {
      ...(fp !== undefined ? { fingerprint: fp as string } : {}),
      ...(keyId !== undefined ? { keyId: keyId as string } : {}),
      reason: (reason as string).trim(),
    };
  });
}

function stringList(v: unknown, field: string, fail: Fail): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return fail(field, 'must be a list of strings');
  return v.map((s, i) => {
    if (typeof s !== 'string' || s === '') fail(`${field}[${i}]`, 'must be a non-empty string');
    return s as string;
  });
}

/**
 * YAML reads an unquoted 012345678901 as the number 12345678901, and 1234 as 1234: numbers are
 * taken as written in the file, so an id keeps its leading zeros and a short one stays an error.
 */
function asWritten(doc: Document, path: string[]): unknown {
  const text = (n: unknown) =>
    isScalar(n) ? (typeof n.value === 'number' ? (n.source ?? String(n.value)) : n.value) : n;
  const node = doc.getIn(path, true);
  return isSeq(node) ? node.items.map(text) : text(node);
}

function accountList(v: unknown, field: string, fail: Fail): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((a, i) => {
    const s = String(a);
    if (!/^\d{12}$/.test(s))
      fail(`${field}[${i}]`, `'${s}' is not a 12-digit account id`, 'write account ids as 12 digits, quoted');
    return s;
  });
}

function positiveInt(v: unknown, field: string, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    fail(field, `'${String(v)}' is not a positive whole number`);
  return v as number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One edit apart, or the same once dashes and underscores are dropped (`failOn` for `fail-on`). */
function closeEnough(known: string, given: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  if (norm(known) === norm(given)) return true;
  if (Math.abs(known.length - given.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < known.length && j < given.length) {
    if (known[i] === given[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (known.length > given.length) i++;
    else if (known.length < given.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (known.length - i) + (given.length - j) <= 1;
}
