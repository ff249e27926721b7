/**
 * The lines of `after` that `before` does not hold anywhere: what a change adds, for secret
 * scanning. Unlike a diff, a line that only moved (or was re-indented back to an old form) is
 * not new, so rearranging a file never re-reports a key that was already committed; a key that
 * was typed in anew always is. Returns 1-based line numbers of `after`.
 */
export function addedLines(before: string, after: string): Set<number> {
  const old = new Set(splitLines(before));
  const added = new Set<number>();
  const lines = splitLines(after);
  for (let i = 0; i < lines.length; i++) if (!old.has(lines[i]!)) added.add(i + 1);
  return added;
}

/** Lines without their terminators; CRLF and LF files compare by content. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}
