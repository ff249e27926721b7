import { describe, expect, it } from 'vitest';
import { addedLines } from './added-lines.js';
import { decodeGitPath } from './git-path.js';
import { parseRawDiff } from './raw-diff.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseRawDiff', () => {
  it('reads adds, modifications, renames and paths with spaces, newlines and non-UTF-8 bytes', () => {
    const out = Buffer.concat([
      Buffer.from(`:000000 100644 ${Z} ${A} A\0new file.txt\0`),
      Buffer.from(`:100644 100644 ${A} ${B} M\0dir/line\nbreak\0`),
      Buffer.from(`:100644 100644 ${A} ${B} R087\0old name\0new name\0`),
      Buffer.from(`:100644 000000 ${A} ${Z} D\0gone\0`),
      Buffer.from(`:000000 100644 ${Z} ${A} A\0caf`),
      Buffer.from([0xe9, 0]),
    ]);
    expect(parseRawDiff(out)).toEqual([
      { status: 'A', oldMode: '000000', newMode: '100644', oldOid: Z, newOid: A, path: 'new file.txt' },
      { status: 'M', oldMode: '100644', newMode: '100644', oldOid: A, newOid: B, path: 'dir/line\nbreak' },
      {
        status: 'R',
        score: 87,
        oldMode: '100644',
        newMode: '100644',
        oldOid: A,
        newOid: B,
        path: 'new name',
        oldPath: 'old name',
      },
      { status: 'D', oldMode: '100644', newMode: '000000', oldOid: A, newOid: Z, path: 'gone' },
      { status: 'A', oldMode: '000000', newMode: '100644', oldOid: Z, newOid: A, path: 'caf\\351' },
    ]);
  });

  it('fails loudly on output it does not understand', () => {
    expect(() => parseRawDiff(Buffer.from('garbage\0'))).toThrow(/unexpected raw diff/);
  });
});

describe('decodeGitPath', () => {
  it('keeps UTF-8 and escapes other bytes the way git quotes them', () => {
    expect(decodeGitPath(Buffer.from('ü/é.txt'))).toBe('ü/é.txt');
    expect(decodeGitPath(Buffer.from([0x61, 0xff, 0x62]))).toBe('a\\377b');
  });
});

describe('addedLines', () => {
  it('reports lines the old text does not hold anywhere', () => {
    expect([...addedLines('a\nb\nc\n', 'a\nX\nb\nc\nY\n')]).toEqual([2, 5]);
  });

  it('does not count moved lines, and compares CRLF and LF lines by content', () => {
    expect([...addedLines('one\ntwo\n', 'two\r\none\r\n')]).toEqual([]);
  });

  it('counts everything as added against an empty text', () => {
    expect([...addedLines('', 'k\nv')]).toEqual([1, 2]);
  });
});
