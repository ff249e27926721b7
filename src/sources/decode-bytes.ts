/**
 * Bytes to text for scanning. Sniffs binaries (a NUL in the first 8 KB, as git does), honours
 * UTF-16 byte order marks, and decodes the rest as UTF-8 without throwing: invalid sequences
 * become U+FFFD, which cannot be part of a key, so nothing around them is lost.
 */
export type Decoded =
  | { kind: 'text'; text: string; encoding: 'utf8' | 'utf16le' | 'utf16be'; invalidUtf8: boolean }
  | { kind: 'binary' };

const SNIFF = 8192;

export function decodeBytes(buf: Uint8Array): Decoded {
  if (buf.length >= 2) {
    if (buf[0] === 0xff && buf[1] === 0xfe)
      return { kind: 'text', text: utf16(buf.subarray(2), 'le'), encoding: 'utf16le', invalidUtf8: false };
    if (buf[0] === 0xfe && buf[1] === 0xff)
      return { kind: 'text', text: utf16(buf.subarray(2), 'be'), encoding: 'utf16be', invalidUtf8: false };
  }
  if (isBinary(buf)) return { kind: 'binary' };
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const text = b.toString('utf8');
  // U+FFFD in the output means invalid input (or a literal U+FFFD, rare enough to report too).
  return { kind: 'text', text, encoding: 'utf8', invalidUtf8: text.includes('\uFFFD') };
}

export function isBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, SNIFF);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

function utf16(buf: Uint8Array, order: 'le' | 'be'): string {
  const even = buf.length - (buf.length % 2);
  const b = Buffer.from(buf.buffer, buf.byteOffset, even);
  if (order === 'le') return b.toString('utf16le');
  const swapped = Buffer.from(b);
  swapped.swap16();
  return swapped.toString('utf16le');
}
