import { accountFromKeyId, keyIdType } from '../model/aws-key-id.js';
import type { Finding } from '../model/finding.js';
import type { Verification } from '../model/verification.js';

/** A result reached without a call; `checkedAt` is added when it is applied. */
export type Outcome = Omit<Verification, 'checkedAt'>;

export interface PairToSend {
  keyId: string;
  secret: string;
  sessionToken: string | undefined;
}

export type Decision = { send: PairToSend } | { settled: Outcome };

export interface AccountLists {
  canaryAccounts: ReadonlySet<string>;
  onlyAccounts?: ReadonlySet<string> | undefined;
  skipAccounts?: ReadonlySet<string> | undefined;
}

/**
 * Everything decided offline, before any call: canaries first (never sent, not once), then the
 * user's account lists, then pairs STS cannot judge. Only a `send` decision reveals the secret.
 * Callers pass findings that hold both a key id and a secret.
 */
export function decideBeforeCall(finding: Finding & { keyId: string }, lists: AccountLists): Decision {
  const keyId = finding.keyId;
  const account = finding.account ?? accountFromKeyId(keyId);
  const withAccount = account === undefined ? {} : { account };
  if (finding.canary || (account !== undefined && lists.canaryAccounts.has(account))) {
    return {
      settled: {
        status: 'canary',
        ...withAccount,
        detail: `account ${account ?? '(unknown)'} issues canary tokens: any call with this key alerts its owner, so it was never sent to AWS`,
      },
    };
  }
  if (account !== undefined && lists.skipAccounts?.has(account)) {
    return {
      settled: {
        status: 'skipped',
        account,
        reason: 'account in --skip-accounts',
        detail: `account ${account} is in --skip-accounts; not sent to AWS`,
      },
    };
  }
  if (lists.onlyAccounts && (account === undefined || !lists.onlyAccounts.has(account))) {
    return {
      settled: {
        status: 'skipped',
        ...withAccount,
        reason: 'account not in --verify-accounts',
        detail:
          account === undefined
            ? 'the account of this legacy key id cannot be decoded offline, so it is not known to be in --verify-accounts; not sent to AWS'
            : `account ${account} is not in --verify-accounts; not sent to AWS`,
      },
    };
  }
  const type = keyIdType(keyId);
  if (type !== 'long-term' && type !== 'temporary') {
    return {
      settled: {
        status: 'skipped',
        ...withAccount,
        reason: `${keyId.slice(0, 4)} keys cannot be checked`,
        detail: `${keyId.slice(0, 4)} key ids cannot be checked with sts:GetCallerIdentity; not sent to AWS`,
      },
    };
  }
  if (type === 'temporary' && !finding.sessionToken) {
    return {
      settled: {
        status: 'skipped',
        ...withAccount,
        reason: 'no session token',
        detail:
          'a temporary (ASIA) key works only with its session token, and none was found with it; not sent to AWS',
      },
    };
  }
  return {
    send: {
      keyId,
      secret: finding.secret!.reveal(),
      // A long-term key never carries a token: a token found nearby belongs to something else,
      // and sending it would make AWS reject a live key.
      sessionToken: type === 'temporary' ? finding.sessionToken!.reveal() : undefined,
    },
  };
}
