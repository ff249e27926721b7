import { statSync } from 'node:fs';
import type { Command } from 'commander';
import type { KeysweepConfig } from '../config/keysweep-config.js';
import type { Finding } from '../model/finding.js';
import type { Baseline } from '../report/baseline.js';
import type { ScanCommandOptions } from './run-scan.js';

/** Set on the options by a preAction hook: the option names the user actually typed. */
export const EXPLICIT_KEY = 'explicitOptions';

/**
 * Records which options came from the command line (or the environment), so that the config
 * file can fill in only the others: flags > config > defaults. commander's defaults look like
 * user values in `opts()`, hence this.
 */
export function recordExplicitOptions(cmd: Command): void {
  cmd.hook('preAction', (_hooked, action) => {
    const explicit = action.options
      .map((o) => o.attributeName())
      .filter((name) => {
        const source = action.getOptionValueSource(name);
        return source === 'cli' || source === 'env';
      });
    action.setOptionValue(EXPLICIT_KEY, explicit);
  });
}

export interface ScanSettings {
  opts: ScanCommandOptions;
  config: KeysweepConfig | undefined;
  baseline: Baseline | undefined;
}

/**
 * Finds and reads the config (only when a file is there: the pre-commit path pays for a few
 * stat calls and nothing else), merges it under the flags, and reads the baseline. Everything
 * that can be wrong with them fails here, before anything is scanned (exit 2).
 */
export async function resolveScanSettings(
  roots: readonly string[],
  opts: ScanCommandOptions,
): Promise<ScanSettings> {
  let config: KeysweepConfig | undefined;
  if (opts.config !== false) {
    const { findConfig } = await import('../config/find-config.js');
    const file = typeof opts.config === 'string' ? opts.config : findConfig(roots[0]);
    if (file !== undefined) {
      const { readConfig } = await import('../config/parse-config.js');
      config = readConfig(file);
    }
  }
  const merged = config ? mergeConfig(opts, config) : opts;
  if (config) {
    const { checkConfigPaths } = await import('../config/config-paths.js');
    checkConfigPaths(config, { baseline: merged.baseline === config.baseline });
  }
  let baseline: Baseline | undefined;
  if (merged.baseline !== undefined) {
    const { readBaseline } = await import('../report/baseline.js');
    baseline = readBaseline(merged.baseline);
  }
  return { opts: merged, config, baseline };
}

/** Lists add up (config first); a single value from the config applies unless a flag set it. */
export function mergeConfig(opts: ScanCommandOptions, config: KeysweepConfig): ScanCommandOptions {
  // Without the hook (a programmatic caller), every given value counts as chosen.
  const typed = opts.explicitOptions ? new Set(opts.explicitOptions) : undefined;
  const fromConfig = <K extends keyof ScanCommandOptions>(
    key: K,
    value: ScanCommandOptions[K] | undefined,
  ) => (value !== undefined && (typed ? !typed.has(key) : opts[key] === undefined) ? value : opts[key]);
  const accounts = (list: string[] | undefined) => list?.join(',');
  return {
    ...opts,
    patterns: [...config.patterns, ...opts.patterns],
    canaryAccounts: [...config.canaryAccounts, ...opts.canaryAccounts],
    failOn: fromConfig('failOn', config.failOn) as ScanCommandOptions['failOn'],
    verifyAccounts: fromConfig('verifyAccounts', accounts(config.verify.accounts)),
    skipAccounts: fromConfig('skipAccounts', accounts(config.verify.skipAccounts)),
    verifyConcurrency: fromConfig('verifyConcurrency', config.verify.concurrency) as number,
    verifyTimeout: fromConfig('verifyTimeout', config.verify.timeoutMs) as number,
    baseline: fromConfig('baseline', config.baseline),
  };
}

export interface Suppressed {
  findings: Finding[];
  counts: Record<string, number>;
}

/** Drops what the config allows or excludes and what the baseline already holds. */
export async function suppressFindings(
  findings: Finding[],
  settings: ScanSettings,
  roots: readonly string[],
): Promise<Suppressed> {
  const counts: Record<string, number> = {};
  let kept = findings;
  if (settings.config && (settings.config.allow.length > 0 || settings.config.exclude.length > 0)) {
    const { applyConfigFilters } = await import('../config/config-filter.js');
    const r = applyConfigFilters(kept, settings.config, {
      roots,
      singleDirRoot: roots.length === 1 && isDir(roots[0]!),
      cwd: process.cwd(),
    });
    kept = r.kept;
    if (r.allowed > 0) counts['allowed'] = r.allowed;
    if (r.excluded > 0) counts['excluded'] = r.excluded;
  }
  if (settings.baseline) {
    const { applyBaseline } = await import('../report/baseline.js');
    const r = applyBaseline(kept, settings.baseline);
    kept = r.kept;
    if (r.suppressed > 0) counts['baseline'] = r.suppressed;
  }
  return { findings: kept, counts };
}

function isDir(path: string): boolean {
  try {
    return path !== '-' && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
