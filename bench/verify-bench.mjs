#!/usr/bin/env node
/**
 * Verification benchmark: 200 distinct key pairs plus duplicates and canaries, verified by the
 * built library (dist/) against the local fake STS endpoint, never real AWS. It shows that calls
 * equal the distinct pairs sent (the cache), that the concurrency bound holds and is used, and
 * that calls sharing a key id never overlap.
 *
 *   npm run build && node bench/verify-bench.mjs [--pairs 200] [--concurrency 4] [--latency 20]
 *
 * The fake endpoint is TypeScript under test/support; it is compiled with the project's own
 * tsc into a temporary folder first, so the bench needs no extra tooling.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    latency: { type: 'string', default: '20' },
  },
});
const PAIRS = Number(values.pairs);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_MS = Number(values.latency);
const CANARY_ACCOUNT = '052310077262';

const distVerify = join(root, 'dist/verify/verify-findings.js');
if (!existsSync(distVerify)) {
  console.error('verify-bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'keysweep-verify-bench-'));
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(
    process.execPath,
    [
      tsc,
      '--outDir',
      out,
      '--rootDir',
      root,
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--skipLibCheck',
      join(root, 'test/support/fake-aws/server.ts'),
    ],
    { stdio: 'inherit' },
  );
  const { startFakeAws, makeSecret } = await import(
    pathToFileURL(join(out, 'test/support/fake-aws/server.js')).href
  );
  const { verifyFindings } = await import(pathToFileURL(distVerify).href);
  const { Secret } = await import(pathToFileURL(join(root, 'dist/model/secret.js')).href);
  const { accountFromKeyId } = await import(pathToFileURL(join(root, 'dist/model/aws-key-id.js')).href);

  const aws = await startFakeAws({ latencyMs: LATENCY_MS });
  const finding = (keyId, secret) => {
    const account = accountFromKeyId(keyId);
    return {
      fingerprint: `${keyId}:${secret.length}`,
      kind: 'aws-key-pair',
      ruleIds: [],
      severity: 'high',
      confidence: 'high',
      keyId,
      secret: new Secret(secret),
      ...(account ? { account } : {}),
      canary: false,
      occurrences: [],
    };
  };

  // 200 distinct pairs: most live, every tenth with a wrong secret for a key id that also
  // appears with its right one (so same-id serialisation is exercised), spread over 10 accounts.
  const findings = [];
  const keys = [];
  let distinct = 0;
  for (let i = 0; distinct < PAIRS; i++) {
    const account = String(111111111100 + (i % 10)).padStart(12, '0');
    const key = aws.addKey({ account, userName: `user${i}` });
    keys.push(key);
    findings.push(finding(key.accessKeyId, key.secretAccessKey));
    distinct++;
    if (i % 10 === 9 && distinct < PAIRS) {
      findings.push(finding(key.accessKeyId, makeSecret()));
      distinct++;
    }
  }
  // Duplicates: every pair again (a leak seen in many files and commits), in a different order.
  const duplicates = findings.map((f) => finding(f.keyId, f.secret.reveal())).reverse();
  // Canaries: never sent.
  const canaries = Array.from({ length: 5 }, () => {
    const k = aws.addKey({ account: CANARY_ACCOUNT, userName: 'tripwire' });
    return finding(k.accessKeyId, k.secretAccessKey);
  });
  const all = [...findings, ...duplicates, ...canaries];

  const started = performance.now();
  const stats = await verifyFindings(all, {
    canaryAccounts: new Set([CANARY_ACCOUNT]),
    concurrency: CONCURRENCY,
    endpoint: aws.url,
  });
  const elapsedMs = performance.now() - started;
  const maxPerKey = Math.max(...keys.map((k) => aws.maxInFlightFor(k.accessKeyId)));
  const canaryRequests = aws.requests.filter(
    (r) => accountFromKeyId(r.accessKeyId ?? '') === CANARY_ACCOUNT,
  ).length;
  await aws.close();

  const rows = [
    ['findings', all.length],
    ['distinct pairs sent', distinct],
    ['calls (stats)', stats.calls],
    ['requests seen by the endpoint', aws.requests.length],
    ['canary requests', canaryRequests],
    ['concurrency bound', CONCURRENCY],
    ['max concurrency observed', aws.maxInFlight],
    ['max concurrency for one key id', maxPerKey],
    ['endpoint latency (ms)', LATENCY_MS],
    ['elapsed (ms)', Math.round(elapsedMs)],
    ['calls/s', Math.round((stats.calls / elapsedMs) * 1000)],
    [
      'live / invalid / canary / unknown',
      `${stats.live} / ${stats.invalid} / ${stats.canary} / ${stats.unknown}`,
    ],
  ];
  for (const [name, value] of rows) console.log(`${String(name).padEnd(34)} ${value}`);

  const problems = [];
  if (stats.calls !== distinct) problems.push(`calls ${stats.calls} != distinct pairs ${distinct}`);
  if (aws.requests.length !== distinct)
    problems.push(`endpoint saw ${aws.requests.length} requests, expected ${distinct}`);
  if (aws.maxInFlight > CONCURRENCY)
    problems.push(`concurrency ${aws.maxInFlight} exceeded the bound ${CONCURRENCY}`);
  if (maxPerKey > 1) problems.push('calls sharing a key id overlapped');
  if (canaryRequests > 0) problems.push('a canary key was sent');
  if (stats.unknown > 0) problems.push(`${stats.unknown} findings ended unknown`);
  if (problems.length > 0) {
    console.error(`verify-bench: FAILED: ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('verify-bench: ok (calls = distinct pairs, bound held, no canary sent)');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
