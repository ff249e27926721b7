import { describe, expect, it } from 'vitest';
import { makeKeyId, makeSecret, makeSessionToken } from '../../test/support/fake-aws/key-ids.js';
import { pairFinding } from '../../test/support/pair-finding.js';
import { decideBeforeCall } from './verify-decision.js';

const MINE = '111122223333';
const CANARY = '052310077262';
const lists = { canaryAccounts: new Set([CANARY]) };

function decide(
  init: Parameters<typeof pairFinding>[0],
  extra: Partial<Parameters<typeof decideBeforeCall>[1]> = {},
) {
  const f = pairFinding(init);
  return decideBeforeCall({ ...f, keyId: f.keyId! }, { ...lists, ...extra });
}

describe('decideBeforeCall', () => {
  it('sends an ordinary AKIA pair, without any token found near it', () => {
    const keyId = makeKeyId(MINE);
    const secret = makeSecret();
    expect(decide({ keyId, secret, sessionToken: makeSessionToken() })).toEqual({
      send: { keyId, secret, sessionToken: undefined },
    });
  });

  it('sends an ASIA pair with its token, and skips one without', () => {
    const keyId = makeKeyId(MINE, 'ASIA');
    const token = makeSessionToken();
    expect(decide({ keyId, secret: 'x'.repeat(40), sessionToken: token })).toMatchObject({
      send: { sessionToken: token },
    });
    expect(decide({ keyId, secret: 'x'.repeat(40) })).toMatchObject({
      settled: { status: 'skipped', account: MINE },
    });
  });

  it('settles canaries offline, by account or by flag, before the account lists', () => {
    const byAccount = decide(
      { keyId: makeKeyId(CANARY), secret: makeSecret() },
      { onlyAccounts: new Set([CANARY]) },
    );
    expect(byAccount).toMatchObject({ settled: { status: 'canary', account: CANARY } });
    const byFlag = decide({ keyId: makeKeyId(MINE), secret: makeSecret(), canary: true });
    expect(byFlag).toMatchObject({ settled: { status: 'canary' } });
  });

  it('skips accounts in --skip-accounts and outside --verify-accounts', () => {
    const keyId = makeKeyId(MINE);
    expect(decide({ keyId, secret: makeSecret() }, { skipAccounts: new Set([MINE]) })).toMatchObject({
      settled: { status: 'skipped', detail: expect.stringContaining('--skip-accounts') },
    });
    expect(
      decide({ keyId, secret: makeSecret() }, { onlyAccounts: new Set(['999999999999']) }),
    ).toMatchObject({
      settled: { status: 'skipped', detail: expect.stringContaining('--verify-accounts') },
    });
    expect(decide({ keyId, secret: makeSecret() }, { onlyAccounts: new Set([MINE]) })).toHaveProperty('send');
  });

  it('skips a legacy key under --verify-accounts, since its account is unknown offline', () => {
    const legacy = 'AKIAIOSFODNN7ABCDEFG';
    expect(decide({ keyId: legacy, secret: makeSecret() })).toHaveProperty('send');
    expect(decide({ keyId: legacy, secret: makeSecret() }, { onlyAccounts: new Set([MINE]) })).toMatchObject({
      settled: { status: 'skipped', detail: expect.stringContaining('legacy') },
    });
  });

  it('does not send key ids STS cannot judge', () => {
    expect(decide({ keyId: makeKeyId(MINE, 'ABIA'), secret: makeSecret() })).toMatchObject({
      settled: { status: 'skipped', detail: expect.stringContaining('ABIA') },
    });
  });
});
