import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import { ScanContext } from '../scan/scan-context.js';
import { scanStdin } from './stdin-source.js';

const RULES = loadRules();

/** A stream that hands the input over in uneven pieces, as a pipe does. */
function pipe(data: Buffer, pieces = [1, 7, 100, 4093, 65536]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = pieces[i % pieces.length]!;
    parts.push(data.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

async function scan(data: Buffer, windowBytes?: number): Promise<ScanContext> {
  const ctx = new ScanContext(RULES, new Set());
  await scanStdin(ctx, pipe(data), windowBytes === undefined ? {} : { windowBytes });
  return ctx;
}

describe('scanStdin', () => {
  it('finds a pair at the right place, as stdin', async () => {
    const text = `x\naws_access_key_id = ${fakeKeyId('in')}\naws_secret_access_key = ${fakeSecret('in')}\n`;
    const ctx = await scan(Buffer.from(text));
    const [f, ...rest] = ctx.collector.findings();
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'aws-key-pair', keyId: fakeKeyId('in') });
    expect(f!.occurrences).toEqual([
      { location: { kind: 'stdin', path: '-' }, line: 2, column: 21, secretLine: 3 },
    ]);
    expect(ctx.stats).toMatchObject({ files: 1, bytes: Buffer.byteLength(text) });
  });

  it('streams long input in windows: every pair once, at its line', async () => {
    const lines: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 600; i++) {
      lines.push(`log line ${i} ${'.'.repeat(i % 53)}`);
      if (i % 4 === 1) {
        expected.push(`${fakeKeyId(`s${i}`)}@${lines.length + 1}`);
        lines.push(
          `export AWS_ACCESS_KEY_ID=${fakeKeyId(`s${i}`)}`,
          `export AWS_SECRET_ACCESS_KEY=${fakeSecret(`s${i}`)}`,
        );
      }
    }
    const data = Buffer.from(lines.join('\r\n'));
    const ctx = await scan(data, 4096);
    const got = ctx.collector
      .findings()
      .map((f) => `${f.keyId}@${f.occurrences.map((o) => o.line).join(',')}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(ctx.collector.findings().every((f) => f.kind === 'aws-key-pair')).toBe(true);
    expect(ctx.stats.bytes).toBe(data.length);
  });

  it('reads UTF-16 with a BOM', async () => {
    const text = `aws_access_key_id = ${fakeKeyId('u16')}\naws_secret_access_key = ${fakeSecret('u16')}\n`;
    const ctx = await scan(
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      1024,
    );
    expect(ctx.collector.findings().map((f) => f.keyId)).toEqual([fakeKeyId('u16')]);
  });

  it('skips binary input and counts it', async () => {
    const ctx = await scan(
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]), Buffer.alloc(10_000, 0x41)]),
      4096,
    );
    expect(ctx.stats).toMatchObject({ files: 0, skipped: { binary: 1 } });
    expect(ctx.issues).toMatchObject([{ path: '-', kind: 'skipped', reason: 'binary' }]);
  });

  it('reports invalid UTF-8 as partial and scans the rest', async () => {
    const text = Buffer.concat([
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`aws_access_key_id = ${fakeKeyId('bad')}\naws_secret_access_key = ${fakeSecret('bad')}\n`),
    ]);
    const ctx = await scan(text);
    expect(ctx.collector.findings().map((f) => f.keyId)).toEqual([fakeKeyId('bad')]);
    expect(ctx.issues).toMatchObject([{ path: '-', kind: 'partial', reason: 'invalid-utf8' }]);
  });

  it('keeps what was read when the input fails, and says so', async () => {
    const text = `aws_access_key_id = ${fakeKeyId('cut')}\naws_secret_access_key = ${fakeSecret('cut')}\n`;
    const failing = new Readable({
      read() {
        this.push(Buffer.from(text));
        this.destroy(new Error('EIO: i/o error'));
      },
    });
    const ctx = new ScanContext(RULES, new Set());
    await scanStdin(ctx, failing);
    expect(ctx.collector.findings().map((f) => f.keyId)).toEqual([fakeKeyId('cut')]);
    expect(ctx.issues).toMatchObject([{ path: '-', kind: 'error', reason: 'unreadable' }]);
  });
});
