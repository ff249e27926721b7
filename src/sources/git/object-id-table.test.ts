import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ObjectIdTable } from './object-id-table.js';
import { OidList } from './oid-list.js';

const oid = (i: number, algo: 'sha1' | 'sha256' = 'sha1') => createHash(algo).update(String(i)).digest('hex');

describe('ObjectIdTable', () => {
  it('keeps values and flags for many ids across growth', () => {
    const table = new ObjectIdTable(40, 16);
    for (let i = 0; i < 5000; i++) expect(table.add(oid(i), i, i * 2, i % 2).added).toBe(true);
    expect(table.size).toBe(5000);
    expect(table.add(oid(7), 99, 99).added).toBe(false);
    for (const i of [0, 7, 4999]) {
      const slot = table.find(oid(i));
      expect(table.oid(slot)).toBe(oid(i));
      expect([table.a(slot), table.b(slot), table.flags(slot)]).toEqual([i, i * 2, i % 2]);
    }
    expect(table.find(oid(5000))).toBe(-1);
    expect(table.find('not-an-id')).toBe(-1);
    const slot = table.find(oid(3));
    table.setFlag(slot, 4);
    table.setB(slot, 42);
    expect([table.flags(slot), table.b(slot)]).toEqual([5, 42]);
  });

  it('handles SHA-256 ids', () => {
    const table = new ObjectIdTable(64);
    table.add(oid(1, 'sha256'), 1, 2);
    expect(table.oid(table.find(oid(1, 'sha256')))).toBe(oid(1, 'sha256'));
    expect(() => table.add(oid(1), 0, 0)).toThrow(/unexpected length/);
  });
});

describe('OidList', () => {
  it('returns ids by index after growing', () => {
    const list = new OidList();
    for (let i = 0; i < 1000; i++) expect(list.push(oid(i))).toBe(i);
    expect(list.length).toBe(1000);
    expect(list.at(0)).toBe(oid(0));
    expect(list.at(999)).toBe(oid(999));
    expect(() => list.at(1000)).toThrow(RangeError);
  });
});
