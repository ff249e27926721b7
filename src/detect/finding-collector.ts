import { accountFromKeyId, keyIdType } from '../model/aws-key-id.js';
import type { Candidate, Confidence } from '../model/candidate.js';
import type { Finding, FindingKind, Severity } from '../model/finding.js';
import { credentialFingerprint } from '../model/fingerprint.js';
import type { Location } from '../model/location.js';
import type { Match } from './pairing.js';

/** Distinct occurrences kept per finding; a key pasted a million times still makes one small report. */
const MAX_OCCURRENCES = 1000;

/**
 * Folds matches from every chunk into one Finding per credential. The fingerprint is computed
 * from the values alone, so the same credential in two files (or two commits) is one finding
 * with two occurrences.
 */
export class FindingCollector {
  readonly #byFingerprint = new Map<string, Finding>();
  /** Every finding ever made, in first-seen order; folding never removes from it. */
  readonly #order: Finding[] = [];
  /** Each value of a pair found so far -> that pair (undefined once two pairs share it). */
  readonly #pairOf = new Map<string, Finding | undefined>();
  readonly #occurrenceKeys = new Map<string, Set<string>>();
  readonly #canaryAccounts: ReadonlySet<string>;

  constructor(canaryAccounts: ReadonlySet<string> = new Set()) {
    this.#canaryAccounts = canaryAccounts;
  }

  add(match: Match): Finding {
    const anchor = match.keyId ?? match.secret ?? match.token ?? match.generic;
    if (!anchor) throw new Error('empty match');
    const kind = kindOf(match);
    const keyId = match.keyId?.value.reveal();
    const fp = credentialFingerprint(kind, {
      ruleId: match.generic?.ruleId,
      keyId,
      secret: match.secret?.value.reveal(),
      token: match.token?.value.reveal(),
      value: match.generic?.value.reveal(),
    });
    let finding = this.#byFingerprint.get(fp);
    if (!finding) {
      const account = keyId ? accountFromKeyId(keyId) : undefined;
      finding = {
        fingerprint: fp,
        kind,
        ruleIds: [match.keyId, match.secret, match.token, match.generic].flatMap((c) =>
          c ? [c.ruleId] : [],
        ),
        severity: severityOf(match, kind),
        confidence: confidenceOf(match),
        ...(keyId ? { keyId } : {}),
        ...(match.secret ? { secret: match.secret.value } : {}),
        ...(match.token ? { sessionToken: match.token.value } : {}),
        ...(match.generic ? { value: match.generic.value } : {}),
        ...(account ? { account } : {}),
        canary: account !== undefined && this.#canaryAccounts.has(account),
        occurrences: [],
      };
      this.#byFingerprint.set(fp, finding);
      this.#order.push(finding);
      if (kind === 'aws-key-pair') {
        for (const v of [finding.keyId, finding.secret?.reveal(), finding.sessionToken?.reveal()]) {
          if (v !== undefined) this.#pairOf.set(v, this.#pairOf.has(v) ? undefined : finding);
        }
      }
      this.#occurrenceKeys.set(fp, new Set());
    }
    const keys = this.#occurrenceKeys.get(fp)!;
    const occKey = occurrenceKey(anchor.location, anchor.line);
    if (!keys.has(occKey) && finding.occurrences.length < MAX_OCCURRENCES) {
      keys.add(occKey);
      const secretLine = (match.secret ?? match.token)?.line;
      finding.occurrences.push({
        location: anchor.location,
        line: anchor.line,
        column: anchor.column,
        ...(secretLine !== undefined && secretLine !== anchor.line ? { secretLine } : {}),
      });
    }
    return finding;
  }

  /** Forgets a finding (one a source learned is not new after all). */
  delete(fingerprint: string): void {
    this.#byFingerprint.delete(fingerprint);
    this.#occurrenceKeys.delete(fingerprint);
  }

  get size(): number {
    return this.#byFingerprint.size;
  }

  /**
   * Findings in first-seen order, as found: what a stream yields while the scan runs. Append-only
   * (a stream keeps its place by index), so it still holds parts folded away since: `holds` tells.
   */
  seen(): readonly Finding[] {
    return this.#order;
  }

  /**
   * Whether a stream should yield the finding: it is still one of the report's, and not a lone
   * key id, secret or token of a pair already found (the report folds it into that pair).
   */
  holds(finding: Finding): boolean {
    if (this.#byFingerprint.get(finding.fingerprint) !== finding) return false;
    const part = partValue(finding);
    const pair = part === undefined ? undefined : this.#pairOf.get(part);
    return !(pair && this.#byFingerprint.get(pair.fingerprint) === pair);
  }

  /**
   * The findings for the report: one per credential. A key id, secret or session token found
   * alone (idonly.md) whose value belongs to a pair found in the same scan (pair.env) is one more
   * place of that pair, not a finding of its own. Folded here, at report time, since the pair may
   * turn up after the lone part; a stream has already yielded such a part (see scan-stream.ts).
   */
  findings(): Finding[] {
    this.#foldParts();
    return [...this.#byFingerprint.values()];
  }

  #foldParts(): void {
    // Value -> the one pair holding it (undefined when two pairs share it: no fold, ambiguous).
    const owners = new Map<string, Finding | undefined>();
    const own = (value: string | undefined, f: Finding) => {
      if (value !== undefined) owners.set(value, owners.has(value) ? undefined : f);
    };
    for (const f of this.#byFingerprint.values()) {
      if (f.kind !== 'aws-key-pair') continue;
      own(f.keyId, f);
      own(f.secret?.reveal(), f);
      own(f.sessionToken?.reveal(), f);
    }
    if (owners.size === 0) return;
    for (const [fp, f] of this.#byFingerprint) {
      const part = partValue(f);
      const pair = part === undefined ? undefined : owners.get(part);
      if (!pair) continue;
      const keys = this.#occurrenceKeys.get(pair.fingerprint)!;
      for (const o of f.occurrences) {
        const key = occurrenceKey(o.location, o.line);
        if (keys.has(key) || pair.occurrences.length >= MAX_OCCURRENCES) continue;
        keys.add(key);
        pair.occurrences.push(o);
      }
      this.#byFingerprint.delete(fp);
      this.#occurrenceKeys.delete(fp);
    }
  }
}

/** The one value of a lone key id, secret or session token finding; undefined for others. */
function partValue(f: Finding): string | undefined {
  if (f.kind === 'aws-access-key-id') return f.keyId;
  if (f.kind === 'aws-secret-key') return f.secret?.reveal();
  if (f.kind === 'aws-session-token') return f.sessionToken?.reveal();
  return undefined;
}

/** One place: the same line of the same file (or blob) is one occurrence. */
function occurrenceKey(location: Location, line: number): string {
  return `${location.kind}\0${location.path}\0${'blob' in location ? location.blob : ''}\0${line}`;
}

function kindOf(m: Match): FindingKind {
  if (m.generic) return 'generic';
  if (m.keyId && (m.secret || m.token)) return 'aws-key-pair';
  if (m.keyId) return 'aws-access-key-id';
  if (m.secret) return 'aws-secret-key';
  return 'aws-session-token';
}

function confidenceOf(m: Match): Confidence {
  const parts = [m.keyId, m.secret, m.token, m.generic].filter((c): c is Candidate => c !== undefined);
  if (parts.some((c) => c.confidence === 'low')) return 'low';
  if (parts.some((c) => c.confidence === 'medium')) return 'medium';
  return 'high';
}

/**
 * A usable pair is what attackers want: high. A key id alone cannot sign anything, and a secret
 * alone needs its id: medium. Temporary-key pieces expire: one step lower. Low-confidence rules
 * (A3T) stay low.
 */
function severityOf(m: Match, kind: FindingKind): Severity {
  if (confidenceOf(m) === 'low') return 'low';
  if (kind === 'aws-key-pair') return 'high';
  if (kind === 'aws-access-key-id' && m.keyId && keyIdType(m.keyId.value.reveal()) === 'temporary')
    return 'low';
  return 'medium';
}
