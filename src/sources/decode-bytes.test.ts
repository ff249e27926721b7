import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeText, isBinary, sniffEncoding } from './decode-bytes.js';

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('sniffEncoding', () => {
  it('reads UTF-16 byte order marks before looking for NULs', () => {
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le')]))).toEqual({
      kind: 'text',
      encoding: 'utf16le',
      bomLength: 2,
    });
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('ab')]))).toEqual({
      kind: 'text',
      encoding: 'utf16be',
      bomLength: 2,
    });
  });

  it('calls a NUL in the first 8 KB binary, and only there', () => {
    expect(sniffEncoding(Buffer.from('abc\0def')).kind).toBe('binary');
    const late = Buffer.alloc(9000, 0x61);
    late[8500] = 0;
    expect(isBinary(late)).toBe(false);
    expect(sniffEncoding(Buffer.from('plain text\n'))).toEqual({
      kind: 'text',
      encoding: 'utf8',
      bomLength: 0,
    });
  });
});

describe('decodeText', () => {
  it('flags invalid UTF-8 exactly, not a literal U+FFFD', () => {
    expect(decodeText(Buffer.from('a \uFFFD b'), 'utf8')).toEqual({ text: 'a \uFFFD b', invalidUtf8: false });
    const bad = decodeText(Buffer.from([0x6b, 0x65, 0x79, 0xc3, 0x28, 0x0a]), 'utf8');
    expect(bad.invalidUtf8).toBe(true);
    expect(bad.text).toBe('key\uFFFD(\n');
  });

  it('decodes ASCII and UTF-8 alike', () => {
    expect(decodeText(Buffer.from('AKIA plain'), 'utf8').text).toBe('AKIA plain');
    expect(decodeText(Buffer.from('clé = ü'), 'utf8').text).toBe('clé = ü');
  });

  it('decodes UTF-16 in both byte orders, dropping an odd trailing byte', () => {
    expect(
      decodeText(Buffer.concat([Buffer.from('key ✓ 😀', 'utf16le'), Buffer.from([0x41])]), 'utf16le').text,
    ).toBe('key ✓ 😀');
    expect(decodeText(utf16be('key ✓ 😀'), 'utf16be').text).toBe('key ✓ 😀');
  });
});

describe('decodeBytes', () => {
  it('strips the BOM and decodes the rest', () => {
    const le = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x = 1\r\n', 'utf16le')]));
    expect(le).toEqual({ kind: 'text', text: 'x = 1\r\n', encoding: 'utf16le', invalidUtf8: false });
    expect(decodeBytes(Buffer.from([1, 2, 0, 3]))).toEqual({ kind: 'binary' });
  });
});
