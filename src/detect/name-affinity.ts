import { assignedName } from './assigned-name.js';

/**
 * What tells one credential's names from another's: in `PROD_AWS_ACCESS_KEY_ID=` and
 * `PROD_AWS_SECRET_ACCESS_KEY=` the words left once the credential words are taken out, `prod`.
 * A key id and a secret whose names keep different words (prod and dev, source and dest)
 * belong to different credentials, however close they sit in an "all ids, then all secrets" file.
 */

/** Words every credential name is made of; what remains distinguishes one from another. */
const CREDENTIAL_WORDS = new Set([
  'aws',
  'amazon',
  'access',
  'key',
  'keys',
  'id',
  'secret',
  'secrets',
  'sk',
  'ak',
  'akid',
  'session',
  'security',
  'token',
  'credential',
  'credentials',
  'creds',
  'value',
]);

/**
 * The distinguishing words of the name assigned the value at `column` (1-based) of `line`,
 * joined by spaces; '' when there is no name or nothing but credential words.
 */
export function distinguishingName(line: string, column: number): string {
  const words = assignedName(line.slice(Math.max(0, column - 161), column - 1))
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !CREDENTIAL_WORDS.has(w));
  return words.join(' ');
}

/** Names that both say something, and say different things, mark two credentials. */
export function namesDisagree(a: string, b: string): boolean {
  return a !== '' && b !== '' && a !== b;
}
