/**
 * Maps offsets in a text to lines, and gives each line's text. Built on first use: most texts
 * that pass the keyword prefilter still hold no match and never need it.
 */
export class LineIndex {
  #lineStarts: number[] | undefined;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  get #starts(): number[] {
    if (!this.#lineStarts) {
      const starts = [0];
      const text = this.#text;
      let i = text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** 0-based line index of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.#starts[line] ?? this.#text.length;
  }

  /** Text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.#starts[line];
    if (start === undefined) return '';
    const next = this.#starts[line + 1];
    let end = next === undefined ? this.#text.length : next - 1;
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--;
    return this.#text.slice(start, end);
  }
}
