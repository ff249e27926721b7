import { describe, expect, it } from 'vitest';
import { BatchParser, type BatchRecord } from './batch-parser.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

function stream(...objects: [oid: string, type: string, body: string][]): Buffer {
  return Buffer.concat(
    objects.map(([oid, type, body]) => Buffer.from(`${oid} ${type} ${Buffer.byteLength(body)}\n${body}\n`)),
  );
}

/** Feeds `input` in chunks of `size` bytes and collects every record. */
function parse(
  input: Buffer,
  size: number,
  opts = { wholeLimit: 1 << 20, partBytes: 1 << 20 },
): BatchRecord[] {
  const parser = new BatchParser(opts);
  const out: BatchRecord[] = [];
  for (let i = 0; i < input.length; i += size) {
    // Copy each piece so a view into an earlier chunk cannot pass by accident.
    for (const r of parser.feed(Buffer.from(input.subarray(i, i + size)))) {
      out.push(r.kind === 'missing' ? r : { ...r, data: Buffer.from(r.data) });
    }
  }
  expect(parser.idle).toBe(true);
  return out;
}

describe('BatchParser', () => {
  const input = Buffer.concat([
    stream([A, 'blob', 'hello\nworld'], [B, 'blob', '']),
    Buffer.from(`${C} missing\n`),
    stream([A, 'commit', 'tree x\n\nmessage\n']),
  ]);

  it.each([1, 2, 7, 41, 1000])('gives the same records whatever the chunk size (%i bytes)', (size) => {
    const records = parse(input, size);
    expect(
      records.map((r) =>
        r.kind === 'missing' ? `${r.oid} missing` : `${r.oid} ${r.type} ${r.data.toString()}`,
      ),
    ).toEqual([`${A} blob hello\nworld`, `${B} blob `, `${C} missing`, `${A} commit tree x\n\nmessage\n`]);
  });

  it('splits objects bigger than the whole limit into ordered parts', () => {
    const body = 'x'.repeat(25);
    const records = parse(stream([A, 'blob', body], [B, 'blob', 'small']), 3, {
      wholeLimit: 10,
      partBytes: 8,
    });
    const parts = records.filter((r) => r.kind === 'part');
    expect(parts.map((p) => (p.kind === 'part' ? [p.offset, p.data.length, p.last] : []))).toEqual([
      [0, 8, false],
      [8, 8, false],
      [16, 8, false],
      [24, 1, true],
    ]);
    expect(parts.map((p) => (p.kind === 'part' ? p.data.toString() : '')).join('')).toBe(body);
    expect(records.at(-1)).toMatchObject({ kind: 'object', oid: B });
  });

  it('hands out views: of git output when an object sits in one chunk, else of one reused buffer', () => {
    const parser = new BatchParser({ wholeLimit: 1 << 20, partBytes: 1 << 20 });
    const chunk = stream([A, 'blob', 'inside']);
    const [inside] = [...parser.feed(chunk)];
    if (inside?.kind !== 'object') throw new Error('no object');
    expect(inside.data.buffer).toBe(chunk.buffer);

    const spanning = (oid: string, body: string) => {
      const bytes = stream([oid, 'blob', body]);
      return [...parser.feed(bytes.subarray(0, 45)), ...parser.feed(Buffer.from(bytes.subarray(45)))];
    };
    const [first] = spanning(B, 'x'.repeat(100));
    const firstText = first?.kind === 'object' ? first.data.toString() : '';
    const firstBuffer = first?.kind === 'object' ? first.data.buffer : undefined;
    const [second] = spanning(C, 'y'.repeat(50));
    if (second?.kind !== 'object') throw new Error('no object');
    expect(firstText).toBe('x'.repeat(100));
    expect(second.data.toString()).toBe('y'.repeat(50));
    expect(second.data.buffer).toBe(firstBuffer);
  });

  it('rejects a header it does not understand', () => {
    const parser = new BatchParser({ wholeLimit: 10, partBytes: 10 });
    expect(() => [...parser.feed(Buffer.from(`${A} blob notanumber\n`))]).toThrow(/unexpected header/);
  });
});
