import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import { findSeeds } from './find-seeds.js';
import { createSimdSeedScanner } from './simd-seed-scan.js';
import { buildSpots } from './spots.js';

const plan = loadRules().seedPlan!;
const ID = fakeKeyId('seeds');
const SECRET = fakeSecret('seeds');

function seedsOf(text: string) {
  const s = findSeeds(Buffer.from(text), plan);
  return { whole: s.whole, at: s.offsets.map((o) => text.slice(o, o + 6)) };
}

describe('findSeeds', () => {
  it('has a plan for the built-in rules only', () => {
    expect(plan.prefixes.map((p) => Buffer.from(p).toString())).toEqual(
      expect.arrayContaining(['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T']),
    );
    expect(plan.marginLines).toBeGreaterThanOrEqual(16);
  });

  it('seeds key id prefixes, case-sensitively, also cut from the rest of the id', () => {
    expect(seedsOf(`id ${ID}`).at).toEqual([ID.slice(0, 6)]);
    expect(seedsOf("x = 'AKIA'").at).toEqual(["AKIA'"]);
    expect(seedsOf('akia asia Asia/Tokyo').at).toEqual([]);
    // Inside a longer token (base64 blobs) a prefix starts no key id, unless an escape reads as `/`.
    expect(seedsOf(`blob xyzAKIA${ID.slice(4)}`).at).toEqual([]);
    expect(seedsOf(`q=%2F${ID}`).at).toEqual([ID.slice(0, 6)]);
    expect(seedsOf(`"\\u002F${ID}"`).at).toEqual([ID.slice(0, 6)]);
  });

  it('seeds 40-character runs that could be a secret, and only those', () => {
    expect(seedsOf(`k: ${SECRET}\n`).at).toEqual([SECRET.slice(0, 6)]);
    const misses = [
      `sha: ${'0123456789abcdef0123456789abcdef01234567'}`, // hex
      `w: ${SECRET}x`, // 41 characters
      `p: ${SECRET}=`, // padding follows: base64 of something else
      'path: node/modules/lodash/internal/baseGetTagFor', // words
      `r: ${'A'.repeat(40)}`, // placeholder
    ];
    for (const text of misses) expect(seedsOf(text).at).toEqual([]);
  });

  it('sees values behind URL and JSON escapes', () => {
    const url = encodeURIComponent(`${SECRET.slice(0, 10)}+/${SECRET.slice(12)}`);
    expect(seedsOf(`q?s=${url}&x=1`).at).toHaveLength(1);
    expect(seedsOf(`"s":"${SECRET.slice(0, 10)}\\/${SECRET.slice(11)}"`).at).toHaveLength(1);
  });

  it('seeds session tokens, named token lengths and encoded key ids', () => {
    expect(seedsOf(`t=${fakeSessionToken('seeds')}`).at).toHaveLength(1);
    expect(seedsOf(`t=${Buffer.from('z'.repeat(120)).toString('base64')}`).at).toHaveLength(1);
    expect(seedsOf(`id: ${Buffer.from(ID).toString('base64')}`).at).toHaveLength(1);
  });

  it('seeds joined string literals', () => {
    expect(seedsOf(`s = "abc" + "def"`).at).toEqual(['" + "d']);
    expect(seedsOf(`s = ("abc"\n   "def")`).at).toHaveLength(1);
    expect(seedsOf(`s = f("abc", "def")`).at).toEqual([]);
  });

  it('asks for a whole read of a Kubernetes Secret', () => {
    expect(seedsOf('kind:   Secret\ndata:\n  a: b\n').whole).toBe(true);
    expect(seedsOf('kind: SecretList\nitems: []\n').whole).toBe(false);
  });
});

describe('findSeeds with WebAssembly SIMD', () => {
  it('is available on every supported Node', () => {
    expect(createSimdSeedScanner(40, [[0x41, 0x4b, 0x49]])).toBeDefined();
  });

  it('finds exactly the seeds the plain path finds, wherever 16-byte blocks fall', () => {
    const parts = [
      ID,
      SECRET,
      `'${SECRET.slice(0, 20)}' +\n '${SECRET.slice(20)}'`,
      '"ab" "cd"',
      "'ab'\n'cd'",
      '"ab"\t+"cd"',
      Buffer.from(ID).toString('base64'),
      fakeSessionToken('simd'),
      'AKIA',
      'A3T',
      'QUtJQ',
      `${SECRET}=`,
      'x'.repeat(39),
      'y'.repeat(41),
      '%2B%2F\\/',
      'é ü \u002B',
      ' ',
      '\n',
      "'",
      '"',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let round = 0; round < 300; round++) {
      let text = 'z'.repeat(random() % 17);
      for (let k = random() % 12; k > 0; k--)
        text += parts[random() % parts.length]! + ' .;'.charAt(random() % 3);
      const bytes = Buffer.from(text);
      expect(findSeeds(bytes, plan, true)).toEqual(findSeeds(bytes, plan, false));
    }
    // A value that ends the text, at every offset within a block.
    for (let pad = 0; pad < 32; pad++) {
      const bytes = Buffer.from(`${'-'.repeat(pad)}${SECRET}`);
      expect(findSeeds(bytes, plan, true)).toEqual({ offsets: [pad], whole: false });
    }
  });
});

describe('buildSpots', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
  const b = Buffer.from(lines);
  const at = (line: number) => lines.indexOf(`line ${line}\n`);

  it('takes whole lines around each seed and merges neighbours', () => {
    const spots = buildSpots(b, [at(100)], 30, 4096);
    expect(spots[0]).toMatchObject({ cutStart: false, cutEnd: false });
    expect(spots).toHaveLength(1);
    expect(b.toString('latin1', spots[0]!.from, spots[0]!.to).split('\n')[0]).toBe('line 70');
    expect(buildSpots(b, [at(50), at(100)], 30, 4096)).toHaveLength(1);
    expect(buildSpots(b, [at(10), at(150)], 30, 4096)).toHaveLength(2);
  });

  it('cuts a long line at a token edge, never inside a value', () => {
    const long = Buffer.from(`${'ab,'.repeat(5000)}${SECRET},${'cd,'.repeat(5000)}`);
    const [spot] = buildSpots(long, [15_000], 30, 100);
    expect(spot).toMatchObject({ cutStart: true, cutEnd: true });
    const text = long.toString('latin1', spot!.from, spot!.to);
    expect(text.startsWith(',') || text.startsWith('ab')).toBe(true);
    expect(text).toContain(SECRET);
  });
});
