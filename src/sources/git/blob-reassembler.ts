import type { Match } from '../../detect/pairing.js';
import type { Location } from '../../model/location.js';
import type { ScanIssue } from '../../model/report.js';
import type { RuleSet } from '../../rules/rule.js';
import { sniffEncoding } from '../decode-bytes.js';
import type { WindowSettings } from '../text-windows.js';
import { WindowScan } from '../window-scan.js';

/**
 * Scans a blob too big to hold whole, from the consecutive parts `git cat-file` streams: parts
 * are gathered into full windows for the shared window scanner, which keeps memory at about two
 * windows however big the blob.
 */
export class BlobReassembler {
  readonly #settings: WindowSettings;
  readonly #location: Location;
  readonly #ruleSet: RuleSet;
  readonly #onMatches: (matches: Match[]) => void;
  #scan: WindowScan | undefined;
  #binary = false;
  #pending: Buffer = Buffer.alloc(0);
  #first = true;

  constructor(
    ruleSet: RuleSet,
    location: Location,
    settings: WindowSettings,
    onMatches: (m: Match[]) => void,
  ) {
    this.#ruleSet = ruleSet;
    this.#location = location;
    this.#settings = settings;
    this.#onMatches = onMatches;
  }

  /** False once the blob turned out to be binary: the remaining parts can be dropped. */
  get wanted(): boolean {
    return !this.#binary;
  }

  push(part: Buffer, last: boolean): void {
    if (this.#binary) return;
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, part]) : part;
    if (this.#first) {
      this.#first = false;
      const sniffed = sniffEncoding(data);
      if (sniffed.kind === 'binary') {
        this.#binary = true;
        this.#pending = Buffer.alloc(0);
        return;
      }
      this.#scan = new WindowScan(
        this.#ruleSet,
        this.#location,
        sniffed.encoding,
        this.#settings,
        this.#onMatches,
      );
      data = data.subarray(sniffed.bomLength);
    }
    const scan = this.#scan!;
    const size = this.#settings.windowBytes;
    while (data.length >= size && !(last && data.length === size)) {
      const next = scan.feed(data.subarray(0, size), false);
      data = data.subarray(next);
    }
    if (last) {
      scan.feed(data, true);
      this.#pending = Buffer.alloc(0);
    } else {
      // Copy so the part's big buffer can be freed once its tail is all that is left.
      this.#pending = Buffer.from(data);
    }
  }

  get binary(): boolean {
    return this.#binary;
  }

  issues(): ScanIssue[] {
    return this.#scan?.issues() ?? [];
  }
}
