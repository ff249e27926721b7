import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import { findSeeds } from './find-seeds.js';
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
