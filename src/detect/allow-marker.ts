/** `keysweep:allow` anywhere on a line (any comment syntax) suppresses findings on that line. */
export const ALLOW_MARKER = 'keysweep:allow';

export function hasAllowMarker(line: string): boolean {
  return line.includes(ALLOW_MARKER);
}
