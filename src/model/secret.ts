import { inspect } from 'node:util';

/**
 * Wraps a raw credential value so it cannot leak by accident: string conversion, JSON and
 * `util.inspect` all give the redacted form. Only verify and revoke (and `--show-secrets`)
 * call `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  redacted(): string {
    return redact(this.#value);
  }

  equals(other: Secret): boolean {
    return other.#value === this.#value;
  }

  toString(): string {
    return this.redacted();
  }

  toJSON(): string {
    return this.redacted();
  }

  [inspect.custom](): string {
    return `Secret(${this.redacted()})`;
  }
}

/** Keeps 4 leading and 4 trailing characters of long values, fewer of short ones. */
export function redact(value: string): string {
  const n = value.length;
  if (n <= 8) return `${'*'.repeat(n)} (${n} chars)`;
  const keep = n >= 32 ? 4 : 2;
  return `${value.slice(0, keep)}…${value.slice(-keep)} (${n} chars)`;
}

/**
 * Free text from a repository (a commit subject) can hold any secret, of AWS or anyone else:
 * every run of 16 or more token characters is redacted before such text reaches a report.
 */
export function redactTokens(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_-]{16,}/g, (run) => redact(run));
}
