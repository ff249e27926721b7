import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type VerifyOptions, verifyFindings } from '../../src/verify/verify-findings.js';
import { VERSION } from '../../src/version.js';
import {
  type FakeAws,
  type FakeKey,
  makeKeyId,
  makeSecret,
  startFakeAws,
} from '../support/fake-aws/server.js';
import { pairFinding } from '../support/pair-finding.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const CANARY = '052310077262';
const FAST_RETRY = { retries: 2, baseDelayMs: 20, maxDelayMs: 50 };

let aws: FakeAws;

beforeEach(async () => {
  aws = await startFakeAws();
});

afterEach(async () => {
  await aws.close();
});

function options(extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { canaryAccounts: new Set([CANARY]), endpoint: aws.url, throttleRetry: FAST_RETRY, ...extra };
}

function findingOf(key: FakeKey, secret = key.secretAccessKey) {
  return pairFinding({
    keyId: key.accessKeyId,
    secret,
    ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
  });
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('verifyFindings against the local STS endpoint', () => {
  it('marks a working pair live with its account, ARN and user id, and says who is calling', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const f = findingOf(key);
    const stats = await verifyFindings([f], options());
    expect(f.verification).toMatchObject({
      status: 'live',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/deploy`,
      userId: key.userId,
      root: false,
    });
    expect(Date.parse(f.verification!.checkedAt)).not.toBeNaN();
    expect(f.severity).toBe('high');
    expect(stats).toEqual({ calls: 1, live: 1, invalid: 0, canary: 0, unknown: 0, skipped: 0 });
    expect(aws.requests).toHaveLength(1);
    expect(aws.requests[0]!.operation).toBe('GetCallerIdentity');
    expect(aws.requests[0]!.userAgent).toContain(`keysweep/${VERSION}`);
  });

  it('flags a root key and raises its finding to critical', async () => {
    const key = aws.addKey({ account: ACCOUNT, root: true });
    const f = findingOf(key);
    await verifyFindings([f], options());
    expect(f.verification).toMatchObject({ status: 'live', root: true, arn: `arn:aws:iam::${ACCOUNT}:root` });
    expect(f.severity).toBe('critical');
  });

  it('says invalid, key id exists, for a wrong secret', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const f = findingOf(key, makeSecret());
    const stats = await verifyFindings([f], options());
    expect(f.verification!.status).toBe('invalid');
    expect(f.verification!.detail).toContain('the key id exists, but this secret is wrong');
    expect(stats.invalid).toBe(1);
  });

  it('says invalid for a key id AWS does not know', async () => {
    const f = pairFinding({ keyId: makeKeyId(ACCOUNT), secret: makeSecret() });
    await verifyFindings([f], options());
    expect(f.verification!.status).toBe('invalid');
    expect(f.verification!.detail).toContain('InvalidClientTokenId');
  });

  it('verifies session credentials with their token, and calls an expired session invalid', async () => {
    const session = aws.addKey({
      account: ACCOUNT,
      session: true,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/build`,
    });
    const expired = aws.addKey({ account: ACCOUNT, session: true, expiresAt: new Date(Date.now() - 60_000) });
    const live = findingOf(session);
    const old = findingOf(expired);
    await verifyFindings([live, old], options());
    expect(live.verification).toMatchObject({
      status: 'live',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/build`,
    });
    expect(old.verification!.status).toBe('invalid');
    expect(old.verification!.detail).toContain('expired');
  });

  it('does not send an ASIA key without its token, nor a token with an AKIA key', async () => {
    const session = aws.addKey({ account: ACCOUNT, session: true });
    const longTerm = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const noToken = pairFinding({ keyId: session.accessKeyId, secret: session.secretAccessKey });
    const strayToken = pairFinding({
      keyId: longTerm.accessKeyId,
      secret: longTerm.secretAccessKey,
      sessionToken: session.sessionToken!,
    });
    await verifyFindings([noToken, strayToken], options());
    expect(noToken.verification!.status).toBe('skipped');
    expect(aws.requestsFor(session.accessKeyId)).toHaveLength(0);
    expect(strayToken.verification!.status).toBe('live');
  });

  it('never sends a canary key, not once', async () => {
    const canary = aws.addKey({ account: CANARY, userName: 'tripwire' });
    const flagged = aws.addKey({ account: OTHER, userName: 'flagged' });
    const byAccount = findingOf(canary);
    const byFlag = { ...findingOf(flagged), canary: true };
    const stats = await verifyFindings([byAccount, byFlag], options());
    expect(byAccount.verification).toMatchObject({ status: 'canary', account: CANARY });
    expect(byFlag.verification!.status).toBe('canary');
    expect(byAccount.canary).toBe(true);
    expect(stats).toMatchObject({ calls: 0, canary: 2 });
    expect(aws.requests).toHaveLength(0);
  });

  it('says unknown, not invalid, on a 500, and does not retry it', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    aws.addFault({ kind: 'error500' });
    const f = findingOf(key);
    const stats = await verifyFindings([f], options());
    expect(f.verification!.status).toBe('unknown');
    expect(f.verification!.detail).toContain('500');
    expect(stats.calls).toBe(1);
    expect(aws.requests).toHaveLength(1);
  });

  it('backs off and retries on throttling, then succeeds', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    aws.addFault({ kind: 'throttle', accessKeyId: key.accessKeyId, times: 2 });
    const f = findingOf(key);
    const stats = await verifyFindings([f], options());
    expect(f.verification!.status).toBe('live');
    expect(stats.calls).toBe(3);
    expect(aws.requestsFor(key.accessKeyId).map((r) => r.errorCode ?? r.status)).toEqual([
      'Throttling',
      'Throttling',
      200,
    ]);
  });

  it('gives up as unknown when throttling lasts', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    aws.addFault({ kind: 'throttle' });
    const f = findingOf(key);
    const stats = await verifyFindings([f], options());
    expect(f.verification!.status).toBe('unknown');
    expect(f.verification!.detail).toContain('throttling after 3 attempts');
    expect(stats.calls).toBe(3);
  });

  it('ends promptly as unknown when the answer never comes', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    aws.addFault({ kind: 'hang' });
    const f = findingOf(key);
    const started = Date.now();
    await verifyFindings([f], options({ timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(f.verification!.status).toBe('unknown');
    expect(f.verification!.detail).toContain('timed out');
  });

  it('says unknown when the connection is refused', async () => {
    const f = pairFinding({ keyId: makeKeyId(ACCOUNT), secret: makeSecret() });
    await verifyFindings([f], options({ endpoint: `http://127.0.0.1:${await closedPort()}` }));
    expect(f.verification!.status).toBe('unknown');
    expect(f.verification!.detail).toContain('connection refused');
  });

  it('calls once per distinct pair, however many findings share it', async () => {
    const a = aws.addKey({ account: ACCOUNT, userName: 'a' });
    const b = aws.addKey({ account: ACCOUNT, userName: 'b' });
    const findings = [findingOf(a), findingOf(a), findingOf(b), findingOf(a), findingOf(b)];
    const stats = await verifyFindings(findings, options());
    expect(stats).toMatchObject({ calls: 2, live: 5 });
    expect(aws.requests).toHaveLength(2);
    expect(findings.every((f) => f.verification?.status === 'live')).toBe(true);
    expect(findings[0]!.verification).not.toBe(findings[1]!.verification);
  });

  it('keeps to the concurrency bound and uses it', async () => {
    aws.latencyMs = 80;
    const findings = Array.from({ length: 12 }, (_, i) =>
      findingOf(aws.addKey({ account: ACCOUNT, userName: `u${i}` })),
    );
    const stats = await verifyFindings(findings, options({ concurrency: 3 }));
    expect(stats.live).toBe(12);
    expect(aws.maxInFlight).toBe(3);
  });

  it('never overlaps calls that share a key id', async () => {
    aws.latencyMs = 60;
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const right = findingOf(key);
    const wrong = [1, 2, 3].map(() => findingOf(key, makeSecret()));
    const other = findingOf(aws.addKey({ account: ACCOUNT, userName: 'other' }));
    const stats = await verifyFindings([...wrong, right, other], options({ concurrency: 4 }));
    expect(stats).toMatchObject({ calls: 5, live: 2, invalid: 3 });
    expect(aws.maxInFlightFor(key.accessKeyId)).toBe(1);
    expect(aws.maxInFlight).toBe(2);
    expect(right.verification!.status).toBe('live');
  });

  it('sends nothing for accounts outside --verify-accounts or inside --skip-accounts', async () => {
    const mine = aws.addKey({ account: ACCOUNT, userName: 'mine' });
    const theirs = aws.addKey({ account: OTHER, userName: 'theirs' });
    const onlyMine = [findingOf(mine), findingOf(theirs)];
    await verifyFindings(onlyMine, options({ onlyAccounts: new Set([ACCOUNT]) }));
    expect(onlyMine.map((f) => f.verification!.status)).toEqual(['live', 'skipped']);
    expect(onlyMine[1]!.verification!.detail).toContain('--verify-accounts');
    const skipMine = [findingOf(mine), findingOf(theirs)];
    const stats = await verifyFindings(skipMine, options({ skipAccounts: new Set([ACCOUNT]) }));
    expect(skipMine.map((f) => f.verification!.status)).toEqual(['skipped', 'live']);
    expect(stats).toMatchObject({ calls: 1, skipped: 1, live: 1 });
    expect(aws.requestsFor(theirs.accessKeyId)).toHaveLength(1);
    expect(aws.requestsFor(mine.accessKeyId)).toHaveLength(1);
  });

  it('leaves findings without a secret alone and sends nothing', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const idOnly = pairFinding({ keyId: key.accessKeyId });
    const stats = await verifyFindings([idOnly], options());
    expect(idOnly.verification).toBeUndefined();
    expect(stats).toEqual({ calls: 0, live: 0, invalid: 0, canary: 0, unknown: 0, skipped: 0 });
    expect(aws.requests).toHaveLength(0);
  });

  it('finds the endpoint through AWS_ENDPOINT_URL_STS', async () => {
    const key = aws.addKey({ account: ACCOUNT, userName: 'deploy' });
    const saved = process.env['AWS_ENDPOINT_URL_STS'];
    process.env['AWS_ENDPOINT_URL_STS'] = aws.url;
    try {
      const f = findingOf(key);
      const { endpoint: _unused, ...viaEnv } = options();
      await verifyFindings([f], viaEnv);
      expect(f.verification!.status).toBe('live');
      expect(aws.requests).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_STS'];
      else process.env['AWS_ENDPOINT_URL_STS'] = saved;
    }
  });
});
