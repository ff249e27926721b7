import { assignedName } from './assigned-name.js';

/**
 * How the text around a value names it. Secrets and tokens are only credentials in context:
 * `aws_secret_access_key = X` is one, `SESSION_SECRET = X` is not.
 */

/**
 * A compound name for some other kind of secret (SESSION_SECRET, hmacKey, FERNET_KEY,
 * jwt_signing_secret ...). The bare words `secret` or `key` alone do not count: prose like
 * "key AKIA..., secret X" is AWS wording.
 */
const OTHER_NAME =
  /(?:session|hmac|webhook|signing|jwt|cookie|csrf|fernet|aes|encryption|private|api|client|app|django|rails|flask|db|database|password|passwd|salt|github|gitlab|slack|stripe|recaptcha|captcha|google|azure|gcp|twilio|sendgrid|npm|docker|kms|ssh|sns|sqs|topic)[\w.-]{0,12}?(?:secret|key|token|pass)|(?:secret|key|token)[\w.-]{0,3}(?:salt|base|hmac|jwt|signing|pair|name)/i;

/**
 * Other S3-compatible providers, whose keys look like AWS's (`R2_SECRET_ACCESS_KEY`,
 * `MINIO_SECRET_KEY`): their name wins even over AWS wording in it.
 */
const OTHER_PROVIDER =
  /(?:^|[^a-z0-9])(?:r2|cloudflare|minio|wasabi|gcs|spaces|digitalocean|backblaze|b2|linode|scaleway|oci|alibaba|aliyun)(?:$|[^a-z0-9])/i;

/** The name right before the value, with camelCase split into words. */
function nameBefore(tail: string): string {
  return assignedName(tail).replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/** Words that hold a value without naming it; the real name is on a line above. */
const GENERIC_HOLDER = /<\/?(?:value|string)>|\b(?:default|value|val|data|string)\b/gi;

const NAME_REACH = 160;

export interface ValueContext {
  /** The configured keyword names this value (on its line before it, or on lines above). */
  named: boolean;
  /** Only a weak keyword names it (`secret_key`): it counts with AWS context nearby. */
  weak: boolean;
  /** Another kind of secret's name sits right before the value. */
  namedOther: boolean;
}

/**
 * `before` is the text of the value's line before the value; `above` the lines above it (nearest
 * last). Only the part after the last key id on the line is read, so in `key AKIA..., secret X`
 * the key id's own label does not name X.
 */
export function readContext(
  before: string,
  above: readonly string[],
  names: { keywords: RegExp; weakKeywords?: RegExp | undefined },
  keyIdOnLine: RegExp,
): ValueContext {
  let tail = before;
  let m: RegExpExecArray | null;
  keyIdOnLine.lastIndex = 0;
  let lastEnd = -1;
  // biome-ignore lint/suspicious/noAssignInExpressions: the usual exec loop
  while ((m = keyIdOnLine.exec(before)) !== null) lastEnd = m.index + m[0].length;
  if (lastEnd >= 0) tail = before.slice(lastEnd);
  // A name names the value right after it, not one a screen away on a minified line.
  tail = tail.slice(-NAME_REACH);
  const onLine = nameIn(tail, names, nameBefore(tail));
  if (onLine) return onLine;
  // The name may sit on a line above: XML `<name>…</name><value>X</value>`, YAML block values,
  // Terraform `variable "aws_secret_key" { default = "X" }`.
  if (!/[A-Za-z]{3}/.test(tail.replace(GENERIC_HOLDER, ''))) {
    for (const line of above) {
      const found = nameIn(line, names, '');
      if (found) return found;
    }
  }
  return NONE;
}

const NONE: ValueContext = { named: false, weak: false, namedOther: false };
const NAMED: ValueContext = { named: true, weak: false, namedOther: false };
const WEAK: ValueContext = { named: false, weak: true, namedOther: false };
const OTHER: ValueContext = { named: false, weak: false, namedOther: true };

/** Most specific first: another provider, AWS wording, another purpose, a generic name. */
function nameIn(
  text: string,
  names: { keywords: RegExp; weakKeywords?: RegExp | undefined },
  name: string,
): ValueContext | undefined {
  if (name && OTHER_PROVIDER.test(name)) return OTHER;
  if (names.keywords.test(text)) return NAMED;
  if (OTHER_NAME.test(text)) return OTHER;
  if (names.weakKeywords?.test(text)) return WEAK;
  return undefined;
}

const BLOCK_LINES = 12;

/**
 * AWS wording in the block holding `line` (the lines above it up to a blank line, at most
 * BLOCK_LINES): `provider "aws" {`, `[default]`, `import boto3`, `host_base = s3.amazonaws.com`.
 */
export function inAwsBlock(lineText: (i: number) => string, line: number, wording: RegExp): boolean {
  for (let l = line - 1; l >= Math.max(0, line - BLOCK_LINES); l--) {
    const text = lineText(l);
    if (text.trim() === '') return false;
    if (wording.test(text)) return true;
  }
  return false;
}
