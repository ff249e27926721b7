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
  /(?:session|hmac|webhook|signing|jwt|cookie|csrf|fernet|aes|encryption|private|api|client|app|django|rails|flask|db|database|password|passwd|salt|github|gitlab|slack|stripe|google|azure|gcp|twilio|sendgrid|npm|docker)[\w.-]{0,12}?(?:secret|key|token|pass)|(?:secret|key|token)[\w.-]{0,3}(?:salt|base|hmac|jwt|signing)/i;

/** Words that hold a value without naming it; the real name is on a line above. */
const GENERIC_HOLDER = /<\/?(?:value|string)>|\b(?:default|value|val|data|string)\b/gi;

const NAME_REACH = 160;

export interface ValueContext {
  /** The configured keyword names this value (on its line before it, or on lines above). */
  named: boolean;
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
  keywords: RegExp,
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
  if (keywords.test(tail)) return { named: true, namedOther: false };
  if (OTHER_NAME.test(tail)) return { named: false, namedOther: true };
  // The name may sit on a line above: XML `<name>…</name><value>X</value>`, YAML block values,
  // Terraform `variable "aws_secret_key" { default = "X" }`.
  if (!/[A-Za-z]{3}/.test(tail.replace(GENERIC_HOLDER, ''))) {
    for (const line of above) {
      if (keywords.test(line)) return { named: true, namedOther: false };
      if (OTHER_NAME.test(line)) return { named: false, namedOther: true };
    }
  }
  return { named: false, namedOther: false };
}
