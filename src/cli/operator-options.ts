import type { Command } from 'commander';
import type { OperatorOptions } from '../aws/operator.js';
import { positiveInt } from './positive-int.js';

/** Flags for commands that act with the operator's own AWS credentials (revoke, posture). */
export interface OperatorFlags {
  profile?: string;
  region?: string;
  roleArn?: string;
  mfaSerial?: string;
  mfaCode?: string;
  timeout?: number;
}

export function addOperatorOptions(cmd: Command): Command {
  return cmd
    .option(
      '--profile <name>',
      'AWS profile for the operator (default: the SDK chain: environment, SSO, shared config)',
    )
    .option('--region <region>', 'AWS Region for STS (default: AWS_REGION, else us-east-1; IAM is global)')
    .option('--role-arn <arn>', 'assume this incident-response role (sts:AssumeRole) before acting')
    .option('--mfa-serial <serial>', 'MFA device serial or ARN required by the role trust policy')
    .option('--mfa-code <code>', 'current 6-digit MFA code, with --mfa-serial')
    .option(
      '--timeout <ms>',
      'per-request timeout for AWS calls, each tried 3 times (default: 15000)',
      positiveInt('--timeout', 5000),
    );
}

export function operatorOptionsFrom(flags: OperatorFlags): OperatorOptions {
  return {
    profile: flags.profile,
    region: flags.region,
    roleArn: flags.roleArn,
    mfaSerial: flags.mfaSerial,
    mfaCode: flags.mfaCode,
    requestTimeoutMs: flags.timeout,
  };
}

export { writeResult } from './write-result.js';
