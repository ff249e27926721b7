import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConfig } from './find-config.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'keysweep-find-config-'));
  dirs.push(root);
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    if (f.endsWith('/')) mkdirSync(join(root, f), { recursive: true });
    else writeFileSync(join(root, f), '');
  }
  return root;
}

describe('findConfig', () => {
  it('finds the file at the repository top when scanning a subfolder or a file in it', () => {
    const root = tree(['repo/.git/', 'repo/.keysweep.yaml', 'repo/src/deep/a.ts']);
    expect(findConfig(join(root, 'repo/src/deep'))).toBe(join(root, 'repo/.keysweep.yaml'));
    expect(findConfig(join(root, 'repo/src/deep/a.ts'))).toBe(join(root, 'repo/.keysweep.yaml'));
    expect(findConfig('src', join(root, 'repo'))).toBe(join(root, 'repo/.keysweep.yaml'));
    expect(findConfig('-', join(root, 'repo/src'))).toBe(join(root, 'repo/.keysweep.yaml'));
  });

  it('prefers the nearest file below the repository top', () => {
    const root = tree(['repo/.git/', 'repo/.keysweep.yaml', 'repo/sub/.keysweep.yaml']);
    expect(findConfig(join(root, 'repo/sub'))).toBe(join(root, 'repo/sub/.keysweep.yaml'));
  });

  it('never looks above the repository top', () => {
    const root = tree(['.keysweep.yaml', 'repo/.git/', 'repo/src/a.ts']);
    expect(findConfig(join(root, 'repo/src'))).toBeUndefined();
  });

  it('outside a repository, only the scan folder counts', () => {
    const root = tree(['.keysweep.yaml', 'plain/sub/a.txt']);
    expect(findConfig(join(root, 'plain/sub'))).toBeUndefined();
    expect(findConfig(root)).toBe(join(root, '.keysweep.yaml'));
  });
});
