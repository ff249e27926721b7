/** `plural(1, 'file')` -> `1 file`, `plural(2, 'file')` -> `2 files`; irregular words pass `many`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
