#!/usr/bin/env node
// `npm run bench`: the shared benchmark kit (files, history, staged: keysweep beside ripgrep,
// git-secrets, secretlint and git's own floors, in one run), then the verification benchmark.
//   KEYSWEEP_BENCH_DIR=/tmp/keysweep-bench  where corpora live (built once, about 7 minutes)
//   CORPORA, TOOLS, RUNS ...                 passed through to the kit (see shared/bench/README.md)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kit = join(process.env.KEYSWEEP_SHARED ?? resolve(repo, '../shared'), 'bench');
const work = process.env.KEYSWEEP_BENCH_DIR ?? '/tmp/keysweep-bench';
const env = { ...process.env, KEYSWEEP: `node ${join(repo, 'dist/cli.js')}` };

function step(title, cmd, args, opts = {}) {
  console.log(`\n## ${title}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, ...opts });
  if (r.status !== 0) {
    console.error(`bench: ${title} failed (exit ${r.status})`);
    process.exitCode = 1;
  }
}

if (existsSync(join(kit, 'run.sh'))) {
  step('corpora (setup.sh; quick when already built)', 'bash', [join(kit, 'setup.sh'), work]);
  step('files, history, staged (run.sh)', 'bash', [join(kit, 'run.sh'), work], { cwd: repo });
} else {
  console.error(`bench: ${kit}/run.sh not found; set KEYSWEEP_SHARED to the shared/ folder`);
  process.exitCode = 1;
}
step('verification (200 distinct pairs against the local STS endpoint)', 'node', [
  join(repo, 'bench/verify-bench.mjs'),
]);
