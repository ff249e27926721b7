import { type Command, Option } from 'commander';
import { UsageError } from '../../model/errors.js';

interface VerifyFlags {
  keyId: string;
  secretStdin: boolean;
  format: 'text' | 'json';
  output?: string;
  region?: string;
  timeout: number;
  canaryAccounts: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function toMs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--timeout: '${v}' is not a positive whole number of milliseconds`);
  return n;
}

export function registerVerify(program: Command): Command {
  return program
    .command('verify')
    .description('check whether one leaked key pair is live, with sts:GetCallerIdentity signed by that pair')
    .requiredOption('--key-id <id>', 'the access key id (AKIA... or ASIA...)')
    .option('--secret-stdin', 'read the secret access key from stdin (session token on a second line)', false)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the result to a file instead of stdout')
    .option('--region <region>', 'STS Region to ask', 'us-east-1')
    .option('--timeout <ms>', 'per-request timeout', toMs, 5000)
    .option('--canary-accounts <file>', 'add a YAML list of canary-token accounts; repeatable', collect, [])
    .addHelpText(
      'after',
      `
The secret never goes on the command line (ps and shell history would show it): pipe it in with
--secret-stdin, or set AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for ASIA keys). Keys of known
canary-token accounts are never sent. The call shows up in the key owner's CloudTrail, with the
user agent keysweep/<version>. The SDK's endpoint settings (AWS_ENDPOINT_URL_STS) are honoured.
--format json writes a keysweep JSON report that revoke --report and checklist accept.

Exit codes for verify: 0 invalid, canary or not sent; 1 live; 2 usage error (e.g. no secret);
3 could not tell (timeout, network, throttling, server error).

Examples:
  pbpaste | keysweep verify --key-id AKIA... --secret-stdin
  AWS_SECRET_ACCESS_KEY=... keysweep verify --key-id AKIA... --format json -o verify.json`,
    )
    .action(async (flags: VerifyFlags) => {
      const { runVerify } = await import('../run-verify.js');
      process.exitCode = await runVerify({
        keyId: flags.keyId,
        secretStdin: flags.secretStdin,
        format: flags.format,
        timeout: flags.timeout,
        canaryAccounts: flags.canaryAccounts,
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        ...(flags.region !== undefined ? { region: flags.region } : {}),
      });
    });
}
