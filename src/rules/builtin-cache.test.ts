import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceStamp } from './builtin-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sourceStamp', () => {
  it('follows the rule files’ content, not their times: a copy or a checkout keeps the cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-stamp-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.yaml'), 'id: a\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    const stamp = sourceStamp([dir]);
    utimesSync(join(dir, 'a.yaml'), new Date('2001-01-01'), new Date('2001-01-01'));
    expect(sourceStamp([dir])).toBe(stamp);
    writeFileSync(join(dir, 'a.yaml'), 'id: b\n');
    expect(sourceStamp([dir])).not.toBe(stamp);
    writeFileSync(join(dir, 'b.yml'), 'id: c\n');
    expect(sourceStamp([dir]).split('|')).toHaveLength(2);
  });
});
