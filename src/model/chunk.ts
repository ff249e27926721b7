import type { Location } from './location.js';

/**
 * A piece of decoded text to scan. Sources decide the chunking: whole files and blobs up to a
 * cap, bigger ones as overlapping windows, each with the line number its text starts at.
 */
export interface Chunk {
  location: Location;
  text: string;
  /** 1-based line number of the first line of `text`. */
  startLine: number;
  /**
   * Only lines in this set (1-based, absolute) may yield findings; used by the pre-commit scan
   * to report only added lines while still seeing their context for pairing.
   */
  reportLines?: ReadonlySet<number>;
}
