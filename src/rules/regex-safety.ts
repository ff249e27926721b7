/**
 * A cheap structural check for catastrophic backtracking: a quantified group that itself
 * contains an unbounded quantifier (star height > 1, as in `(a+)+` or `(\w+\s?)*`), which is
 * what makes a backtracking engine exponential, or a widely variable repeat inside another
 * (`(?:a{1,30}){1,30}`: 30^30 ways to split a run, which no unbounded quantifier betrays). It
 * understands lookarounds, classes and escapes, and runs in microseconds. regex-superlinear.ts
 * holds the deeper check.
 * Returns a description of the first problem, or undefined when the source looks safe.
 */
export function findBacktrackingRisk(source: string): string | undefined {
  // For each open group: does it (transitively) contain an unbounded quantifier?
  // ... and a widely variable one (see WIDE)?
  const stack: { start: number; unbounded: boolean; wide: boolean }[] = [];
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
      stack.push({ start: i, unbounded: false, wide: false });
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
        if (q.wide && group.wide) {
          return `nested repetition: the group at offset ${group.start} repeats a variable number of times and contains another such repeat`;
        }
        i = q.end;
      }
      const unbounded = (group?.unbounded ?? false) || (q?.unbounded ?? false);
      const wide = (group?.wide ?? false) || (q?.wide ?? false);
      const parent = stack[stack.length - 1];
      if (parent && unbounded) parent.unbounded = true;
      if (parent && wide) parent.wide = true;
      continue;
    }
    const q = readQuantifier(source, i);
    if (q) {
      const parent = stack[stack.length - 1];
      if (parent && q.unbounded) parent.unbounded = true;
      if (parent && q.wide) parent.wide = true;
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

/**
 * A repeat is wide when its count can vary and reach 10 (max >= 10, min < max): two nested
 * wide repeats split a run in a great many ways, `{2,6}` inside `{1,3}` in few.
 */
const WIDE = 10;

/** A quantifier at `i`: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, optionally lazy or possessive-looking. */
function readQuantifier(
  s: string,
  i: number,
): { end: number; unbounded: boolean; repeats: boolean; wide: boolean } | undefined {
  const ch = s[i];
  let end: number;
  let unbounded: boolean;
  let repeats: boolean;
  let wide: boolean;
  if (ch === '*' || ch === '+') {
    end = i + 1;
    unbounded = true;
    repeats = true;
    wide = true;
  } else if (ch === '?') {
    end = i + 1;
    unbounded = false;
    repeats = false;
    wide = false;
  } else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
    if (!m) return undefined;
    end = i + m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    unbounded = max === Number.POSITIVE_INFINITY || max > 100;
    repeats = max > 1;
    wide = max >= WIDE && min < max;
  } else return undefined;
  if (s[end] === '?') end++;
  return { end, unbounded, repeats, wide };
}
