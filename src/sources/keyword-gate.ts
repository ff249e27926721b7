import type { KeywordScanner } from '../detect/keyword-scan.js';

/**
 * Whether a UTF-8 window may hold a rule keyword, decided on its bytes before decoding: most
 * files hold none, and decoding them plus the detector's keyword pass cost far more than this.
 *
 * Exact, never a guess: the detector reads a text only if its case-insensitive keyword regex
 * matches. Without the `u` flag that regex folds ASCII letters only, and in UTF-8 every byte of
 * a multi-byte or invalid sequence is >= 0x80, so an ASCII keyword matches `latin1`, the Latin-1
 * reading of the bytes (a plain copy), exactly where it matches the decoded text. A non-ASCII keyword (a
 * user rule) has no such form: then every window passes.
 */
export function mayHoldKeyword(scanner: KeywordScanner, latin1: string): boolean {
  const re = scanner.anyAscii;
  return re === undefined || re.test(latin1);
}
