/**
 * A cheap structural check for catastrophic backtracking: a quantified group that itself
 * contains an unbounded quantifier (star height > 1, as in `(a+)+` or `(\w+\s?)*`), which is
 * what makes a backtracking engine exponential. It understands lookarounds, classes and escapes,
 * and runs in microseconds, so every rule is checked on every load.
 * Returns a description of the first problem, or undefined when the source looks safe.
 */
export function findBacktrackingRisk(source: string): string | undefined {
  // For each open group: does it (transitively) contain an unbounded quantifier?
  const stack: { start: number; unbounded: boolean }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') {
      i = skipClass(source, i);
      continue;
    }
    if (ch === '(') {
      stack.push({ start: i, unbounded: false });
      i++;
      if (source[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          const close = source.indexOf('>', i);
          i = close === -1 ? i : close + 1;
        } else if (source[i] === '<') i += 2;
        else i++;
      }
      continue;
    }
    if (ch === ')') {
      const group = stack.pop();
      i++;
      const q = readQuantifier(source, i);
      if (group && q) {
        if (q.repeats && group.unbounded) {
          return `nested repetition: the group at offset ${group.start} repeats and contains an unbounded quantifier`;
        }
        i = q.end;
      }
      const unbounded = (group?.unbounded ?? false) || (q?.unbounded ?? false);
      if (unbounded && stack.length > 0) stack[stack.length - 1]!.unbounded = true;
      continue;
    }
    const q = readQuantifier(source, i);
    if (q) {
      if (q.unbounded && stack.length > 0) stack[stack.length - 1]!.unbounded = true;
      i = q.end;
      continue;
    }
    i++;
  }
  return undefined;
}

function skipClass(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '^') j++;
  if (s[j] === ']') j++;
  while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** A quantifier at `i`: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, optionally lazy or possessive-looking. */
function readQuantifier(
  s: string,
  i: number,
): { end: number; unbounded: boolean; repeats: boolean } | undefined {
  const ch = s[i];
  let end: number;
  let unbounded: boolean;
  let repeats: boolean;
  if (ch === '*' || ch === '+') {
    end = i + 1;
    unbounded = true;
    repeats = true;
  } else if (ch === '?') {
    end = i + 1;
    unbounded = false;
    repeats = false;
  } else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
    if (!m) return undefined;
    end = i + m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    unbounded = max === Number.POSITIVE_INFINITY || max > 100;
    repeats = max > 1;
  } else return undefined;
  if (s[end] === '?') end++;
  return { end, unbounded, repeats };
}
