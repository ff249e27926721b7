import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);

describe('.pre-commit-hooks.yaml', () => {
  it('declares a keysweep hook that runs the staged scan through the package bin', () => {
    const hooks = parse(readFileSync(new URL('.pre-commit-hooks.yaml', root), 'utf8')) as Record<
      string,
      unknown
    >[];
    const hook = hooks.find((h) => h['id'] === 'keysweep');
    expect(hook).toMatchObject({
      entry: 'keysweep staged',
      language: 'node',
      pass_filenames: false,
      stages: ['pre-commit'],
    });
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(Object.keys(pkg.bin)).toContain(String(hook!['entry']).split(' ')[0]);
  });

  it("this repository's own husky hook runs the staged scan", () => {
    expect(readFileSync(new URL('.husky/pre-commit', root), 'utf8')).toMatch(/^node dist\/cli\.js staged$/m);
  });
});
