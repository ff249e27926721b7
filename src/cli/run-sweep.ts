import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeysweepError, UsageError } from '../model/errors.js';
import { plural } from '../model/plural.js';
import { renderJson } from '../report/json-report.js';
import { ensureMirror } from '../sources/git/repo-mirror.js';
import { redactUrl } from '../sources/git/url-credentials.js';
import { failureReport } from '../sweep/failure-report.js';
import { parseShard, readRepoList, shardOf } from '../sweep/repo-list.js';
import { buildReport, exitCodeFor, type FailOn, type ScanCommandOptions } from './run-scan.js';

export interface SweepRunOptions {
  repos: string;
  shard: string;
  out: string;
  workdir: string;
  refs: boolean;
  patterns: string[];
  canaryAccounts: string[];
  config?: string | false;
  verify: boolean;
  verifyAccounts?: string;
  skipAccounts?: string;
  verifyConcurrency: number;
  verifyTimeout: number;
  failOn: FailOn;
  /** Option names typed on the command line: a typed --fail-on wins over a repository's config. */
  explicitOptions?: string[];
  quiet: boolean;
}

/**
 * One shard of a sweep: each repository in turn (mirrored if it is a URL), its whole history
 * scanned, its report written. A repository that fails is reported on stderr, gets a failure
 * report in its place (so merge knows), and the sweep goes on: one bad URL must not cost the
 * other repositories their scan. Exit 1 if any repository has findings at or above --fail-on,
 * else 3 if any failed or was scanned in part, else 0.
 */
export async function runSweep(opts: SweepRunOptions): Promise<number> {
  if (opts.failOn === 'live' && !opts.verify) {
    throw new UsageError('--fail-on live needs --verify', 'add --verify, or use --fail-on any');
  }
  const shard = parseShard(opts.shard);
  const repos = shardOf(readRepoList(opts.repos), shard);
  mkdirSync(opts.out, { recursive: true });
  const say = (line: string) => {
    if (!opts.quiet) process.stderr.write(`keysweep sweep: ${line}\n`);
  };
  say(`shard ${shard.index}/${shard.count}: ${plural(repos.length, 'repository', 'repositories')}`);
  let findings = 0;
  let failing = false;
  let failed = 0;
  let partial = 0;
  for (const [i, repo] of repos.entries()) {
    const shown = redactUrl(repo.spec);
    const where = `[${i + 1}/${repos.length}] ${shown}`;
    const startedAt = new Date().toISOString();
    const reportFile = join(opts.out, `${repo.slug}.json`);
    try {
      const mirror = await ensureMirror(repo.spec, repo.slug, opts.workdir);
      const scanOpts: ScanCommandOptions = {
        format: 'json',
        showSecrets: false,
        quiet: true,
        patterns: opts.patterns,
        canaryAccounts: opts.canaryAccounts,
        failOn: opts.failOn,
        verify: opts.verify,
        ...(opts.verifyAccounts !== undefined ? { verifyAccounts: opts.verifyAccounts } : {}),
        ...(opts.skipAccounts !== undefined ? { skipAccounts: opts.skipAccounts } : {}),
        verifyConcurrency: opts.verifyConcurrency,
        verifyTimeout: opts.verifyTimeout,
        // A mirror has no work tree to hold a .keysweep.yaml: only --config applies to it.
        config: opts.config ?? (mirror.action === 'local' ? undefined : false),
        explicitOptions: opts.explicitOptions?.includes('failOn') ? ['failOn'] : [],
      };
      if (scanOpts.config === undefined) delete scanOpts.config;
      const root = mirror.action === 'local' ? repo.spec : shown;
      const { report, opts: effective } = await buildReport('history', [root], scanOpts, async (ctx) => {
        const { scanHistory } = await import('../sources/git/history-source.js');
        await scanHistory(ctx, {
          cwd: mirror.dir,
          scope: { options: ['--all'], revisions: [] },
          refs: opts.refs,
        });
      });
      writeFileSync(reportFile, renderJson(report, { showSecrets: false }));
      findings += report.findings.length;
      if (exitCodeFor(report, effective.failOn) === 1) failing = true;
      const errors = report.issues.filter((x) => x.kind === 'error').length;
      if (errors > 0) partial++;
      const n = report.findings.length;
      say(
        `${where}: ${mirror.action}, ${plural(n, 'finding')}${errors > 0 ? `, ${errors} unreadable` : ''} -> ${repo.slug}.json`,
      );
    } catch (err) {
      // Only our own errors are per-repository data; anything else is a bug and stops the sweep.
      if (!(err instanceof KeysweepError)) throw err;
      failed++;
      say(
        `${where}: FAILED: ${redactUrl(err.message)}${err.hint ? ` (${err.hint})` : ''} -> ${repo.slug}.json`,
      );
      writeFileSync(reportFile, renderJson(failureReport(shown, err, startedAt), { showSecrets: false }));
    }
  }
  say(
    `done: ${plural(findings, 'finding')}, ${plural(failed, 'repository', 'repositories')} failed, reports in ${opts.out}`,
  );
  if (failing) return 1;
  return failed > 0 || partial > 0 ? 3 : 0;
}
