import { UsageError } from '../model/errors.js';
import { Secret } from '../model/secret.js';

export interface PairSecrets {
  secret: Secret;
  sessionToken: Secret | undefined;
  /** Where they came from, for the output: never the values. */
  source: 'stdin' | 'environment';
}

/** More than any secret plus session token; a bigger stdin is a mistake, not a secret. */
const MAX_STDIN_BYTES = 64 * 1024;

/**
 * The secret (and session token) for `keysweep verify`, from stdin or the environment, never
 * from argv where `ps` and shell history would show it. On stdin: the secret on the first
 * non-empty line, the session token (for ASIA keys) on the second.
 */
export async function readPairSecrets(
  keyId: string,
  fromStdin: boolean,
  env: NodeJS.ProcessEnv = process.env,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<PairSecrets> {
  if (fromStdin) {
    if (stdin.isTTY)
      process.stderr.write(
        'keysweep: paste the secret access key (and session token on a second line), then press Ctrl-D\n',
      );
    const lines = (await readAll(stdin))
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (lines.length === 0) {
      throw new UsageError(
        'stdin held no secret',
        'pipe the secret access key in, e.g. `pbpaste | keysweep verify --key-id ID --secret-stdin`',
      );
    }
    if (lines.length > 2) {
      throw new UsageError(
        'stdin held more than two lines',
        'give only the secret access key, and the session token on a second line for ASIA keys',
      );
    }
    return checked(keyId, lines[0]!, lines[1], 'stdin');
  }
  const secret = env['AWS_SECRET_ACCESS_KEY'];
  if (!secret) {
    throw new UsageError(
      `no secret for ${keyId}`,
      'pass it on stdin with --secret-stdin, or in AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); never as an argument',
    );
  }
  const envKeyId = env['AWS_ACCESS_KEY_ID'];
  // The environment often holds the responder's own credentials: pairing their secret with the
  // leaked key id would send a wrong pair and report a live key as invalid.
  if (envKeyId && envKeyId !== keyId) {
    throw new UsageError(
      `AWS_SECRET_ACCESS_KEY belongs to AWS_ACCESS_KEY_ID ${envKeyId}, not to ${keyId}`,
      'pass the leaked secret on stdin with --secret-stdin, or unset AWS_ACCESS_KEY_ID',
    );
  }
  return checked(keyId, secret.trim(), env['AWS_SESSION_TOKEN']?.trim() || undefined, 'environment');
}

function checked(
  keyId: string,
  secret: string,
  token: string | undefined,
  source: PairSecrets['source'],
): PairSecrets {
  if (/\s/.test(secret) || (token !== undefined && /\s/.test(token))) {
    throw new UsageError(
      `the secret for ${keyId} from ${source} holds whitespace`,
      'give the secret access key alone on its line',
    );
  }
  if (keyId.startsWith('ASIA') && token === undefined) {
    throw new UsageError(
      `${keyId} is a temporary key id and works only with its session token`,
      source === 'stdin'
        ? 'put the session token on a second line of stdin'
        : 'set AWS_SESSION_TOKEN as well',
    );
  }
  return {
    secret: new Secret(secret),
    // A long-term key never uses a token; one in the environment belongs to something else.
    sessionToken: keyId.startsWith('ASIA') && token !== undefined ? new Secret(token) : undefined,
    source,
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_STDIN_BYTES)
      throw new UsageError(
        'stdin is too big to be a secret',
        'give only the secret access key (and session token)',
      );
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
