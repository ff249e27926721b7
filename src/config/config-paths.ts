import { statSync } from 'node:fs';
import { ConfigError } from '../model/errors.js';
import type { KeysweepConfig } from './keysweep-config.js';

/**
 * Checks that the folders and files the config names are there before they are loaded, so a
 * wrong path is reported against the config file and key (`patterns[0]`) that named it, not as
 * a bare path the user never typed. The baseline is checked only when it is used: `keysweep
 * baseline` ignores it, so a team can name the file before writing it.
 */
export function checkConfigPaths(config: KeysweepConfig, opts: { baseline: boolean }): void {
  config.patterns.forEach((dir, i) => {
    need(config, `patterns[${i}]`, dir, 'dir', 'cannot read the pattern folder');
  });
  config.canaryAccounts.forEach((file, i) => {
    need(config, `canary-accounts[${i}]`, file, 'file', 'cannot read the canary account list');
  });
  if (opts.baseline && config.baseline !== undefined) {
    need(config, 'baseline', config.baseline, 'file', 'cannot read the baseline');
  }
}

function need(config: KeysweepConfig, field: string, path: string, kind: 'dir' | 'file', what: string): void {
  let why: string | undefined;
  try {
    const st = statSync(path);
    if (kind === 'dir' && !st.isDirectory()) why = 'not a folder';
    if (kind === 'file' && st.isDirectory()) why = 'a folder, not a file';
  } catch (err) {
    why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
  if (why === undefined) return;
  throw new ConfigError(`${config.file}: ${field}: ${what} ${path} (${why})`, {
    file: config.file,
    field,
    hint: `fix the path (relative to ${config.dir}) or remove the entry${field === 'baseline' ? '; `keysweep baseline FILE` writes a baseline' : ''}`,
  });
}
