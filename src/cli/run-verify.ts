import { keyIdType } from '../model/aws-key-id.js';
import { UsageError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import { credentialFingerprint } from '../model/fingerprint.js';
import type { Report } from '../model/report.js';
import { emptyStats } from '../model/report.js';
import { loadCanaryAccounts } from '../rules/canary-accounts.js';
import { verifyFindings } from '../verify/verify-findings.js';
import { VERSION } from '../version.js';
import { renderVerifyText, VERIFY_EXIT } from './verify-output.js';
import { readPairSecrets } from './verify-secret-input.js';
import { writeResult } from './write-result.js';

export interface VerifyCommandOptions {
  keyId: string;
  secretStdin: boolean;
  format: 'text' | 'json';
  output?: string;
  region?: string;
  timeout: number;
  canaryAccounts: string[];
}

const KEY_ID = /^A(KIA|SIA|BIA|CCA)[A-Z0-9]{16}$/;

/** `keysweep verify`: one pair, checked like `scan --verify` checks each, reported alone. */
export async function runVerify(opts: VerifyCommandOptions): Promise<number> {
  const keyId = opts.keyId.trim();
  if (!KEY_ID.test(keyId)) {
    throw new UsageError(
      `--key-id ${JSON.stringify(keyId)} is not an access key id`,
      'give the 20-character id, e.g. AKIA… or ASIA…',
    );
  }
  const type = keyIdType(keyId);
  if (type !== 'long-term' && type !== 'temporary') {
    throw new UsageError(
      `${keyId}: ${keyId.slice(0, 4)} key ids cannot be checked with sts:GetCallerIdentity`,
      'only AKIA and ASIA keys can be verified',
    );
  }
  const canaryAccounts = loadCanaryAccounts(opts.canaryAccounts);
  const secrets = await readPairSecrets(keyId, opts.secretStdin);
  const startedAt = new Date().toISOString();
  const finding: Finding = {
    // The scanner's fingerprint for the same pair, so reports and baselines line up.
    fingerprint: credentialFingerprint('aws-key-pair', {
      keyId,
      secret: secrets.secret.reveal(),
      token: secrets.sessionToken?.reveal(),
    }),
    kind: 'aws-key-pair',
    ruleIds: [],
    severity: 'high',
    confidence: 'high',
    keyId,
    secret: secrets.secret,
    ...(secrets.sessionToken ? { sessionToken: secrets.sessionToken } : {}),
    canary: false,
    occurrences: [],
  };
  await verifyFindings([finding], {
    canaryAccounts,
    concurrency: 1,
    timeoutMs: opts.timeout,
    ...(opts.region ? { region: opts.region } : {}),
  });
  const status = finding.verification?.status ?? 'skipped';
  if (opts.format === 'json') {
    const report: Report = {
      tool: { name: 'keysweep', version: VERSION },
      run: { command: 'verify', roots: [secrets.source], startedAt, finishedAt: new Date().toISOString() },
      stats: emptyStats(),
      findings: [finding],
      issues: [],
    };
    const { renderJson } = await import('../report/json-report.js');
    writeResult(renderJson(report, { showSecrets: false }), opts.output);
  } else {
    const color = opts.output === undefined && process.stdout.isTTY === true && !process.env['NO_COLOR'];
    writeResult(renderVerifyText(finding, color), opts.output);
  }
  return VERIFY_EXIT[status];
}
