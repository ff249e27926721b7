import type { Command } from 'commander';
import { positiveInt } from './positive-int.js';

/** The flags of verifying what a scan found (scan-like commands and sweep). */
export function addVerifyOptions(cmd: Command): Command {
  return cmd
    .option('--verify', 'check each key pair live with sts:GetCallerIdentity (contacts AWS)', false)
    .option('--verify-accounts <ids>', 'verify only keys of these accounts (comma-separated)')
    .option('--skip-accounts <ids>', 'never send keys of these accounts (comma-separated)')
    .option('--verify-concurrency <n>', 'parallel verification calls', positiveInt('--verify-concurrency'), 4)
    .option(
      '--verify-timeout <ms>',
      'per-request timeout for verification',
      positiveInt('--verify-timeout', 5000),
      5000,
    );
}
