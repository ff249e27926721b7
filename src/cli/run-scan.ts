import { type Command, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import { type Finding, SEVERITY_ORDER, type Severity } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { loadCanaryAccounts } from '../rules/canary-accounts.js';
import { loadRules } from '../rules/load-rules.js';
import { ScanContext } from '../scan/scan-context.js';
import { VERSION } from '../version.js';
import { checkWritable } from './check-writable.js';
import { checkoutPrefix } from './checkout-prefix.js';
import { startProgress } from './progress.js';
import { FORMAT_NAMES, renderReportAs } from './render-format.js';
import { recordExplicitOptions, resolveScanSettings, suppressFindings } from './scan-settings.js';
import { addVerifyOptions } from './verify-options.js';
import { writeResult } from './write-result.js';

export const FORMATS = FORMAT_NAMES;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['any', 'live', 'low', 'medium', 'high', 'critical'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Options every scanning command shares (scan, staged, history, ci). */
export interface ScanCommandOptions {
  format: Format;
  output?: string;
  showSecrets: boolean;
  quiet: boolean;
  patterns: string[];
  canaryAccounts: string[];
  failOn: FailOn;
  verify: boolean;
  verifyAccounts?: string;
  skipAccounts?: string;
  verifyConcurrency: number;
  verifyTimeout: number;
  checklist?: string;
  /** Report only findings whose fingerprint this baseline (or earlier JSON report) lacks. */
  baseline?: string;
  /** A config file; false with --no-config; undefined: look for .keysweep.yaml. */
  config?: string | false;
  /** The options typed on the command line (set by a hook), so the config fills in only the rest. */
  explicitOptions?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addScanOptions(cmd: Command): Command {
  recordExplicitOptions(cmd);
  cmd
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--show-secrets', 'print full secrets and session tokens (redacted by default)', false)
    .option('-q, --quiet', 'no progress spinner', false)
    .option('--patterns <dir>', 'add the rule files (*.yaml) of a folder; repeatable', collect, [])
    .option('--canary-accounts <file>', 'add a YAML list of canary-token accounts; repeatable', collect, [])
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 only for findings at or above: any, live (needs --verify), or a severity',
      )
        .choices(FAIL_ON)
        .default('any'),
    );
  return addVerifyOptions(cmd)
    .option('--checklist <file>', 'also write an incident checklist (markdown) for the findings')
    .option('--baseline <file>', 'report only findings not in this baseline or earlier JSON/SARIF report')
    .option('--config <file>', 'settings file (default: .keysweep.yaml at the repository root)')
    .option('--no-config', 'ignore .keysweep.yaml');
}

/** A parser for a count or a duration flag; the message names the flag, since commander does not. */

export function accountSet(list: string | undefined, flag: string): Set<string> | undefined {
  if (list === undefined) return undefined;
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^\d{12}$/.test(id)) throw new UsageError(`${flag}: '${id}' is not a 12-digit account id`);
  }
  return new Set(ids);
}

/**
 * The one path every scanning command takes: load rules, let the source feed the context,
 * verify if asked, render, write, and choose the exit code.
 */
export async function runScan(
  command: string,
  roots: string[],
  opts: ScanCommandOptions,
  produce: (ctx: ScanContext) => Promise<void>,
): Promise<number> {
  const { report, opts: effective } = await buildReport(command, roots, opts, produce);
  await writeReport(report, effective);
  return exitCodeFor(report, effective.failOn);
}

/**
 * Everything of a scan but the output: settings (flags > .keysweep.yaml > defaults), rules,
 * the source, suppression (config allow/exclude, baseline) and verification. Returns the
 * options in force, config included.
 */
export async function buildReport(
  command: string,
  roots: string[],
  given: ScanCommandOptions,
  produce: (ctx: ScanContext) => Promise<void>,
): Promise<{ report: Report; opts: ScanCommandOptions }> {
  const settings = await resolveScanSettings(roots, given);
  const opts = settings.opts;
  if (opts.failOn === 'live' && !opts.verify) {
    throw new UsageError('--fail-on live needs --verify', 'add --verify, or use --fail-on any');
  }
  rejectVerifyListsWithoutVerify(given);
  if (opts.output !== undefined) checkWritable(opts.output, 'output file');
  if (opts.checklist !== undefined) checkWritable(opts.checklist, 'checklist file');
  const verifyOnly = accountSet(opts.verifyAccounts, '--verify-accounts');
  const skip = accountSet(opts.skipAccounts, '--skip-accounts');
  const ruleSet = loadRules(opts.patterns);
  const canaries = loadCanaryAccounts(opts.canaryAccounts);
  const startedAt = new Date().toISOString();
  const progress = await startProgress(opts.quiet, `keysweep ${command}`);
  const ctx = new ScanContext(ruleSet, canaries, (p) => progress.update(p));
  try {
    await produce(ctx);
  } finally {
    progress.stop();
  }
  const report: Report = {
    tool: { name: 'keysweep', version: VERSION },
    run: { command, roots, startedAt, finishedAt: new Date().toISOString() },
    stats: ctx.stats,
    findings: ctx.collector.findings(),
    issues: ctx.issues,
  };
  // Suppressed before verification: accepted findings are never sent to AWS.
  const kept = await suppressFindings(report.findings, settings, roots);
  report.findings = kept.findings;
  if (Object.keys(kept.counts).length > 0) report.stats.suppressed = kept.counts;
  if (opts.verify && report.findings.length > 0) {
    const { verifyFindings } = await import('../verify/verify-findings.js');
    await verifyFindings(report.findings, {
      canaryAccounts: canaries,
      concurrency: opts.verifyConcurrency,
      timeoutMs: opts.verifyTimeout,
      ...(verifyOnly ? { onlyAccounts: verifyOnly } : {}),
      ...(skip ? { skipAccounts: skip } : {}),
    });
    report.run.finishedAt = new Date().toISOString();
    const { unverifiedKeys } = await import('../verify/unverified-keys.js');
    const unverified = unverifiedKeys(report.findings);
    report.issues.push(...unverified.issues);
    if (unverified.warning) process.stderr.write(`keysweep: ${unverified.warning}\n`);
  }
  return { report, opts };
}

/**
 * --verify-accounts and --skip-accounts typed without --verify would be silently ignored, and a
 * responder could believe keys were checked. The same lists in .keysweep.yaml are standing
 * settings for runs that do verify, so only typed flags count.
 */
function rejectVerifyListsWithoutVerify(given: ScanCommandOptions): void {
  if (given.verify) return;
  const typed = given.explicitOptions;
  for (const [key, flag] of [
    ['verifyAccounts', '--verify-accounts'],
    ['skipAccounts', '--skip-accounts'],
  ] as const) {
    const isTyped = typed ? typed.includes(key) : given[key] !== undefined;
    if (isTyped) throw new UsageError(`${flag} needs --verify`, `add --verify, or drop ${flag}`);
  }
}

export async function writeReport(report: Report, opts: ScanCommandOptions): Promise<void> {
  const toFile = opts.output !== undefined;
  const color = !toFile && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const shared = opts.format === 'sarif' || opts.format === 'gitlab';
  const text = await renderReportAs(report, opts.format, {
    showSecrets: opts.showSecrets,
    color,
    patterns: opts.patterns,
    ...(shared && report.run.command === 'scan' ? { checkoutPrefix: checkoutPrefix(report.run.roots) } : {}),
  });
  writeResult(text, opts.output);
  if (opts.checklist) {
    const { writeChecklist } = await import('./write-checklist.js');
    await writeChecklist(report, opts.checklist);
  }
}

export function exitCodeFor(report: Report, failOn: FailOn): number {
  if (report.findings.some((f) => fails(f, failOn))) return 1;
  if (report.issues.some((i) => i.kind === 'error')) return 3;
  return 0;
}

function fails(f: Finding, failOn: FailOn): boolean {
  if (failOn === 'any') return true;
  if (failOn === 'live') return f.verification?.status === 'live';
  return SEVERITY_ORDER.indexOf(f.severity) >= SEVERITY_ORDER.indexOf(failOn as Severity);
}
