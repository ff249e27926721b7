/**
 * The repository's keysweep settings, from `.keysweep.yaml` at the repository root (or
 * `--config FILE`). Paths in it are resolved against the file's folder. Flags on the command
 * line win over it; it wins over the defaults.
 */
export const CONFIG_FILE_NAME = '.keysweep.yaml';

export const FAIL_ON_LEVELS = ['any', 'live', 'low', 'medium', 'high', 'critical'] as const;
export type ConfigFailOn = (typeof FAIL_ON_LEVELS)[number];

/** A finding the team accepted, by fingerprint or by key id, and why. */
export interface AllowEntry {
  fingerprint?: string;
  keyId?: string;
  reason: string;
}

export interface KeysweepConfig {
  /** Absolute path of the file the settings came from. */
  file: string;
  /** Its folder: relative paths and anchored exclude globs start here. */
  dir: string;
  /** gitignore-style globs; matching places are not reported. */
  exclude: string[];
  /** Extra rule folders, absolute. */
  patterns: string[];
  /** Extra canary-account lists, absolute. */
  canaryAccounts: string[];
  allow: AllowEntry[];
  failOn?: ConfigFailOn;
  /** Default baseline file, absolute. */
  baseline?: string;
  verify: {
    accounts?: string[];
    skipAccounts?: string[];
    concurrency?: number;
    timeoutMs?: number;
  };
}
