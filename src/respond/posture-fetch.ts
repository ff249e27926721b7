import { AwsCallError } from '../aws/aws-call-error.js';
import type { CredentialReportContent, OperatorAws } from '../aws/operator-api.js';
import { plural } from '../model/plural.js';

/** Waits between GenerateCredentialReport polls; AWS usually finishes within seconds. */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [
  500, 1000, 2000, 2000, 3000, 3000, 5000, 5000, 5000, 5000,
];

/**
 * Asks IAM for a fresh credential report and polls until it is COMPLETE, then fetches it. AWS
 * reuses a report younger than four hours, so this is cheap when run twice.
 */
export async function fetchCredentialReport(
  aws: Pick<OperatorAws, 'generateCredentialReport' | 'getCredentialReport'>,
  delaysMs: readonly number[] = DEFAULT_POLL_DELAYS_MS,
): Promise<CredentialReportContent> {
  for (let attempt = 0; ; attempt++) {
    const state = (await aws.generateCredentialReport()).value;
    if (state === 'COMPLETE') break;
    const delay = delaysMs[attempt];
    if (delay === undefined) {
      throw new AwsCallError({
        kind: 'other',
        operation: 'iam:GenerateCredentialReport',
        awsCode: 'ReportNotReady',
        detail: `the credential report was still ${state} after ${plural(attempt + 1, 'check')}`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return (await aws.getCredentialReport()).value;
}
