/**
 * Values people write instead of a real credential: runs of one character, the alphabet or
 * digits in order, and masks. Real random keys almost never hold a run of 6 such characters.
 */
const ORDERED = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'ZYXWVUTSRQPONMLKJIHGFEDCBA',
];

export function isPlaceholder(value: string, body = value): boolean {
  if (/(.)\1{5}/.test(body)) return true;
  if (/x{4}/i.test(body)) return true;
  for (let i = 0; i + 6 <= body.length; i++) {
    const run = body.slice(i, i + 6);
    if (ORDERED.some((o) => o.includes(run))) return true;
  }
  return false;
}

/** A 40-char hex string is a SHA-1 (commit id, checksum), never a secret access key. */
export function isHex(value: string): boolean {
  return /^[0-9a-f]+$/i.test(value);
}

/**
 * Secrets are random base64: upper, lower, and a digit or symbol. Words-with-slashes (S3 object
 * keys, paths) and identifiers fail this or the entropy floor.
 */
export function looksRandom(value: string): boolean {
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9+/]/.test(value)) return false;
  // Paths: several slash-separated segments made of lower-case words.
  if (/(?:[a-z]{4,}\/){2,}/.test(value)) return false;
  // Identifiers and prose hold long runs of lower-case letters; in 40 random base64 characters a
  // run of 13 turns up about once in 40,000 keys.
  if (/[a-z]{13,}/.test(value)) return false;
  return true;
}
