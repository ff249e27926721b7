/** The result of a live check. A closed set: reporters switch on it exhaustively. */
export type VerificationStatus = 'live' | 'invalid' | 'canary' | 'unknown' | 'skipped';

export interface Verification {
  status: VerificationStatus;
  account?: string;
  arn?: string;
  userId?: string;
  /** True when the ARN names the account root. */
  root?: boolean;
  /** ISO time of the check. */
  checkedAt: string;
  /** Why, in words: the AWS error code, a timeout, a skipped account. */
  detail: string;
  /**
   * The same in a few words, for one-line renderings (`invalid: key id exists, secret wrong`).
   * Optional: reports written before it existed lack it.
   */
  reason?: string;
}
