import { accountFromKeyId } from '../../src/model/aws-key-id.js';
import type { Finding } from '../../src/model/finding.js';
import { fingerprint } from '../../src/model/fingerprint.js';
import { Secret } from '../../src/model/secret.js';

export interface PairInit {
  keyId: string;
  secret?: string;
  sessionToken?: string;
  canary?: boolean;
}

/** A finding as the detector hands it over: a key id with (optionally) its secret and token. */
export function pairFinding(init: PairInit): Finding {
  const account = accountFromKeyId(init.keyId);
  return {
    fingerprint: fingerprint('aws-key-pair', [init.keyId, init.secret, init.sessionToken]),
    kind: init.secret === undefined ? 'aws-access-key-id' : 'aws-key-pair',
    ruleIds: ['aws.access-key-id', 'aws.secret-access-key'],
    severity: 'high',
    confidence: 'high',
    keyId: init.keyId,
    ...(init.secret === undefined ? {} : { secret: new Secret(init.secret) }),
    ...(init.sessionToken === undefined ? {} : { sessionToken: new Secret(init.sessionToken) }),
    ...(account === undefined ? {} : { account }),
    canary: init.canary ?? false,
    occurrences: [{ location: { kind: 'file', path: 'config/app.env' }, line: 1, column: 1 }],
  };
}
