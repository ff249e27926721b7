import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../model/errors.js';
import type { TextEncoding } from './decode-bytes.js';
import { decodeText } from './decode-bytes.js';
import { type WindowCut, WindowCutter, type WindowSettings, windowSettings } from './text-windows.js';

interface Seen {
  cut: WindowCut;
  text: string;
  /** Byte offset of the window in the input. */
  start: number;
}

/** Cuts `data` into windows exactly as the file reader does, and returns each window's text. */
function windows(data: Buffer, encoding: TextEncoding, settings: WindowSettings): Seen[] {
  const cutter = new WindowCutter(encoding, settings);
  const out: Seen[] = [];
  let pos = 0;
  for (;;) {
    const bytes = data.subarray(pos, pos + settings.windowBytes);
    const last = pos + bytes.length >= data.length;
    const cut = cutter.cut(bytes, last);
    out.push({ cut, text: decodeText(bytes.subarray(0, cut.end), encoding).text, start: pos });
    if (last) return out;
    expect(cut.next).toBeGreaterThan(0);
    pos += cut.next;
  }
}

function encode(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf16le' ? le : Buffer.from(le).swap16();
}

/** Lines of pseudo-random length (seeded), each naming its own number so placement can be checked. */
function numberedLines(count: number, seed: number, filler = 'x'): string[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  return Array.from({ length: count }, (_, i) => `L${i + 1}:${filler.repeat(Math.floor(rand() * 120))}`);
}

/** Every line is owned by exactly one window, which holds it whole at the right line number. */
function expectExactOwnership(lines: string[], seen: Seen[]): void {
  const owners = new Map<number, number>();
  for (const [w, { cut, text }] of seen.entries()) {
    const got = text.split('\n');
    for (let line = cut.ownFrom; line < Math.min(cut.ownTo, lines.length + 1); line++) {
      expect(owners.has(line), `line ${line} owned twice`).toBe(false);
      owners.set(line, w);
      expect(got[line - cut.startLine], `window ${w} line ${line}`).toBe(lines[line - 1]);
    }
  }
  expect(owners.size).toBe(lines.length);
}

const SMALL: WindowSettings = { windowBytes: 2048, overlapBytes: 256 };

describe('WindowCutter', () => {
  for (const encoding of ['utf8', 'utf16le', 'utf16be'] as const) {
    it(`partitions ${encoding} text into owned lines with correct numbers`, () => {
      const lines = numberedLines(900, 7, encoding === 'utf8' ? 'é' : 'ж');
      const seen = windows(encode(`${lines.join('\n')}`, encoding), encoding, SMALL);
      expect(seen.length).toBeGreaterThan(20);
      expectExactOwnership(lines, seen);
      // Every window but the last ends on a line break, so no line is ever cut.
      for (const { cut, text } of seen.slice(0, -1)) {
        expect(text.endsWith('\n')).toBe(true);
        expect(cut.cutLine).toBeUndefined();
      }
    });
  }

  it('puts the owner boundary mid-overlap, so both windows have context around it', () => {
    // 20-byte lines: the 256-byte overlap holds about 12 of them, about 6 on each side.
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${String(i + 1).padStart(13, '0')}`);
    const seen = windows(Buffer.from(lines.join('\n')), 'utf8', SMALL);
    for (let i = 1; i < seen.length; i++) {
      const prev = seen[i - 1]!;
      const cur = seen[i]!;
      const prevLast = prev.cut.startLine + prev.text.split('\n').length - 2;
      expect(cur.cut.ownFrom - cur.cut.startLine).toBeGreaterThanOrEqual(5);
      expect(prevLast - cur.cut.ownFrom + 1).toBeGreaterThanOrEqual(5);
    }
  });

  it('handles CRLF line ends like LF', () => {
    const lines = numberedLines(500, 11);
    const seen = windows(Buffer.from(lines.join('\r\n')), 'utf8', SMALL);
    expectExactOwnership(
      lines.map((l, i) => (i < lines.length - 1 ? `${l}\r` : l)),
      seen,
    );
  });

  it('cuts a line longer than a window mid-way, on a character boundary, owned by both sides', () => {
    const long = `start:${'ü'.repeat(3000)}:end`;
    const text = `first\n${long}\nlast\n`;
    const seen = windows(Buffer.from(text), 'utf8', SMALL);
    const cutLines = seen.flatMap((s) => (s.cut.cutLine === undefined ? [] : [s.cut.cutLine]));
    expect(cutLines.length).toBeGreaterThan(0);
    expect(new Set(cutLines)).toEqual(new Set([2]));
    for (const { text: t } of seen) expect(t).not.toContain('\uFFFD');
    // Both windows around each cut own line 2, and together they hold all of it.
    const owners = seen.filter((s) => s.cut.ownFrom <= 2 && s.cut.ownTo > 2);
    expect(owners.length).toBeGreaterThan(1);
    expect(owners.map((s) => s.text).join('')).toContain('start:');
    expect(owners.map((s) => s.text).join('')).toContain(':end');
    expect(seen.at(-1)!.cut.startLine).toBe(2);
  });

  for (const encoding of ['utf8', 'utf16le', 'utf16be'] as const) {
    it(`knows the ${encoding} character column a window starts at on a line it cut`, () => {
      const text = `first\n${'aü😀'.repeat(1500)}\nshort\n${'b'.repeat(5000)}\nlast\n`;
      const data = encode(text, encoding);
      const seen = windows(data, encoding, SMALL);
      expect(seen.filter((s) => s.cut.startColumn > 0).length).toBeGreaterThan(4);
      for (const { cut, start } of seen) {
        const before = decodeText(data.subarray(0, start), encoding).text;
        expect(cut.startColumn, `window at byte ${start}`).toBe(before.length - before.lastIndexOf('\n') - 1);
      }
    });
  }

  it('keeps a UTF-16 surrogate pair whole at a mid-line cut', () => {
    const long = '😀'.repeat(2000);
    const seen = windows(encode(long, 'utf16le'), 'utf16le', SMALL);
    expect(seen.length).toBeGreaterThan(1);
    for (const { text } of seen) expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('lets lines almost as long as a window through whole', () => {
    const lines = ['a', 'b'.repeat(1400), 'c', 'd'.repeat(1500), 'e'];
    const seen = windows(Buffer.from(lines.join('\n')), 'utf8', SMALL);
    expect(seen.every((s) => s.cut.cutLine === undefined)).toBe(true);
    expectExactOwnership(lines, seen);
  });
});

describe('windowSettings', () => {
  const saved = process.env['KEYSWEEP_WINDOW_BYTES'];
  afterEach(() => {
    if (saved === undefined) delete process.env['KEYSWEEP_WINDOW_BYTES'];
    else process.env['KEYSWEEP_WINDOW_BYTES'] = saved;
  });

  it('defaults to 4 MB windows with a 64 KB overlap', () => {
    delete process.env['KEYSWEEP_WINDOW_BYTES'];
    expect(windowSettings()).toEqual({ windowBytes: 4 * 1024 * 1024, overlapBytes: 64 * 1024 });
  });

  it('takes KEYSWEEP_WINDOW_BYTES and scales the overlap down for small windows', () => {
    process.env['KEYSWEEP_WINDOW_BYTES'] = '4096';
    expect(windowSettings()).toEqual({ windowBytes: 4096, overlapBytes: 1024 });
    expect(windowSettings(10_001)).toEqual({ windowBytes: 10_000, overlapBytes: 2500 });
  });

  it('rejects a bad KEYSWEEP_WINDOW_BYTES with a config error', () => {
    process.env['KEYSWEEP_WINDOW_BYTES'] = '12kb';
    expect(() => windowSettings()).toThrow(ConfigError);
    process.env['KEYSWEEP_WINDOW_BYTES'] = '10';
    expect(() => windowSettings()).toThrow(/KEYSWEEP_WINDOW_BYTES: '10'/);
  });
});
