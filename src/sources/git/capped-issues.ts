import type { ScanContext } from '../../scan/scan-context.js';

/** Issues listed one by one per reason; past this, only counted, with one summary line. */
const LISTED_PER_REASON = 25;

/**
 * Reports skipped and unreadable objects without letting a history of 50,000 images flood the
 * report: every one is counted in the stats, the first few of each reason are listed, and the
 * rest are summed up in one issue at the end.
 */
export class CappedIssues {
  readonly #ctx: ScanContext;
  readonly #listed = new Map<string, number>();
  readonly #unlisted = new Map<string, { kind: 'skipped' | 'error'; count: number }>();

  constructor(ctx: ScanContext) {
    this.#ctx = ctx;
  }

  skip(path: string, reason: string, detail?: string): void {
    if (this.#take(reason, 'skipped')) this.#ctx.skip(path, reason, detail);
    else this.#ctx.stats.skipped[reason] = (this.#ctx.stats.skipped[reason] ?? 0) + 1;
  }

  error(path: string, reason: string, detail?: string): void {
    if (this.#take(reason, 'error')) this.#ctx.error(path, reason, detail);
  }

  /** Adds the summary issues; call once at the end. */
  finish(): void {
    for (const [reason, { kind, count }] of this.#unlisted) {
      const detail = `${count} more not listed`;
      if (kind === 'error') this.#ctx.error('(more objects)', reason, detail);
      else this.#ctx.issues.push({ path: '(more objects)', kind: 'skipped', reason, detail });
    }
    this.#unlisted.clear();
  }

  #take(reason: string, kind: 'skipped' | 'error'): boolean {
    const n = this.#listed.get(reason) ?? 0;
    if (n < LISTED_PER_REASON) {
      this.#listed.set(reason, n + 1);
      return true;
    }
    const u = this.#unlisted.get(reason) ?? { kind, count: 0 };
    u.count++;
    this.#unlisted.set(reason, u);
    return false;
  }
}
