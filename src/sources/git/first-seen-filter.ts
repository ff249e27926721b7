import type { Match } from '../../detect/pairing.js';
import { fingerprint } from '../../model/fingerprint.js';

/**
 * Keeps a history sweep's occurrences down to the ones the report can use. Blobs arrive in pack
 * order, so the same key in 3,000 versions of `.env` would come as 3,000 occurrences, more than
 * a finding keeps, and the one that matters (the earliest commit) could be among those dropped.
 * Per credential and path, a match is kept only when its blob came earlier in history than any
 * kept so far, or when the blob is in the HEAD tree (where it still is).
 */
export class FirstSeenFilter {
  readonly #earliest = new Map<string, number>();

  /** `ordinal`: the blob's introducing commit, in history order. */
  keep(match: Match, path: string, ordinal: number, atHead: boolean): boolean {
    const parts = [match.keyId, match.secret, match.token, match.generic].map((c) => c?.value.reveal());
    const key = fingerprint(path, parts);
    const best = this.#earliest.get(key);
    if (best === undefined || ordinal < best) {
      this.#earliest.set(key, ordinal);
      return true;
    }
    return atHead;
  }
}
