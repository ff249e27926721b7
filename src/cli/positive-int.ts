import { UsageError } from '../model/errors.js';

/** A commander parser for a flag that takes a positive whole number; `example` goes in the hint. */
export function positiveInt(flag: string, example = 4): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) {
      throw new UsageError(`${flag} '${v}' is not a positive whole number`, `for example ${flag} ${example}`);
    }
    return n;
  };
}
