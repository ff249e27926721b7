#!/usr/bin/env node
// `npm run accuracy`: generate the shared labelled corpus, scan it with the built CLI, and score
// the findings with the corpus' own scorer. With the --git corpus, also score a history sweep.
//   node scripts/accuracy.mjs [--seed S] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.KEYSWEEP_SHARED ?? resolve(repo, '../shared');
const corpusDir = join(shared, 'corpus');
if (!existsSync(join(corpusDir, 'gen.mjs'))) {
  console.error(`accuracy: ${corpusDir}/gen.mjs not found; set KEYSWEEP_SHARED to the shared/ folder`);
  process.exit(2);
}
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? args[seedAt + 1] : undefined;
const keep = args.includes('--keep');

const work = mkdtempSync(join(tmpdir(), 'keysweep-accuracy-'));
const run = (cmd, argv, opts = {}) => {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
};
try {
  const gen = run('node', [join(corpusDir, 'gen.mjs'), work, '--git', ...(seed ? ['--seed', seed] : [])]);
  if (gen.status !== 0) throw new Error(`gen.mjs failed: ${gen.stderr}`);
  const labels = join(work, 'labels.json');
  const cli = join(repo, 'dist/cli.js');

  const scan = run('node', [
    cli,
    'scan',
    join(work, 'corpus'),
    '--format',
    'json',
    '--show-secrets',
    '--quiet',
  ]);
  if (scan.status !== 0 && scan.status !== 1)
    throw new Error(`scan failed (exit ${scan.status}): ${scan.stderr}`);
  writeFileSync(join(work, 'files.json'), scan.stdout);
  console.log('## files: keysweep scan corpus/');
  console.log(run('node', [join(corpusDir, 'score.mjs'), join(work, 'files.json'), labels, '--list']).stdout);

  if (existsSync(join(repo, 'dist/cli/commands/history.js'))) {
    const hist = run('node', [cli, 'history', '--format', 'json', '--show-secrets', '--quiet'], {
      cwd: join(work, 'git-repo'),
    });
    if (hist.status !== 0 && hist.status !== 1)
      throw new Error(`history failed (exit ${hist.status}): ${hist.stderr}`);
    writeFileSync(join(work, 'history.json'), hist.stdout);
    console.log('## history: keysweep history (all refs) in git-repo/');
    console.log(
      run('node', [join(corpusDir, 'score.mjs'), join(work, 'history.json'), labels, '--git', '--list'])
        .stdout,
    );
  }
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
