import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../model/errors.js';
import { resolveRoots, type WalkItem, type WalkOptions, walkTree } from './walk-tree.js';

const dirs: string[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ks-walk-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function walk(roots: string[], options: WalkOptions = {}): { files: string[]; issues: string[] } {
  const items: WalkItem[] = [...walkTree(resolveRoots(roots), options)];
  return {
    files: items.flatMap((i) => (i.type === 'file' ? [i.path] : [])),
    issues: items.flatMap((i) =>
      i.type === 'issue' ? [`${i.issue.path} ${i.issue.kind} ${i.issue.reason}`] : [],
    ),
  };
}

describe('walkTree', () => {
  it('applies the .gitignore files above a folder up to the repository top, and .git/info/exclude', () => {
    const repo = tree({
      '.git/info/exclude': 'by-exclude/\n',
      '.gitignore': '*.log\nnode_modules/\n/top-only.env\n',
      'a/.gitignore': 'b/two.env\n',
      'a/b/.gitignore': '!keep.log\n',
      'a/b/deep.log': '',
      'a/b/keep.log': '',
      'a/b/two.env': '',
      'a/b/top-only.env': '',
      'a/b/by-exclude/x.env': '',
      'node_modules/x/nm.env': '',
    });
    const inB = ['.gitignore', 'keep.log', 'top-only.env'];
    expect(walk([join(repo, 'a')]).files).toEqual(['.gitignore', ...inB.map((f) => `b/${f}`)]);
    expect(walk([join(repo, 'a', 'b')]).files).toEqual(inB);
    // A folder named on the command line is scanned even though a parent ignores it.
    expect(walk([join(repo, 'node_modules', 'x')]).files).toEqual(['nm.env']);
    expect(walk([join(repo, 'a', 'b')], { noIgnore: true }).files).toEqual([
      '.gitignore',
      'by-exclude/x.env',
      'deep.log',
      'keep.log',
      'top-only.env',
      'two.env',
    ]);
    // A linked worktree: `.git` is a file, and info/exclude lives in the main repository.
    const main = tree({ '.git/info/exclude': '*.env\n', '.git/worktrees/wt/commondir': '../..\n' });
    const wt = tree({
      '.git': `gitdir: ${join(main, '.git', 'worktrees', 'wt')}\n`,
      'sub/x.env': '',
      'sub/y.txt': '',
    });
    expect(walk([join(wt, 'sub')]).files).toEqual(['y.txt']);
  });

  it('honours .gitignore files at every level, deeper ones overriding, and never enters .git', () => {
    const root = tree({
      '.gitignore': '*.log\nbuild/\nsecret-*.txt\n',
      'a.txt': '',
      'debug.log': '',
      'build/out.js': '',
      'pkg/.gitignore': '!keep.log\nlocal/\n',
      'pkg/keep.log': '',
      'pkg/drop.log.txt': '',
      'pkg/other.log': '',
      'pkg/local/x.env': '',
      'pkg/sub/secret-1.txt': '',
      'pkg/sub/z.txt': '',
      '.git/config': '[core]\n',
      '.git/objects/ab/cdef': '',
    });
    expect(walk([root]).files).toEqual([
      '.gitignore',
      'a.txt',
      'pkg/.gitignore',
      'pkg/drop.log.txt',
      'pkg/keep.log',
      'pkg/sub/z.txt',
    ]);
  });

  it('--no-ignore reads every file except .git; --exclude still applies, by glob or by path', () => {
    const root = tree({
      '.gitignore': '*.log\n',
      'debug.log': '',
      'src/app.min.js': '',
      'src/app.js': '',
      'vendor/lib.js': '',
      'docs/vendor/readme.md': '',
      '.git/HEAD': '',
    });
    expect(walk([root], { noIgnore: true }).files).toEqual([
      '.gitignore',
      'debug.log',
      'docs/vendor/readme.md',
      'src/app.js',
      'src/app.min.js',
      'vendor/lib.js',
    ]);
    expect(walk([root], { noIgnore: true, exclude: ['*.min.js', '/vendor'] }).files).toEqual([
      '.gitignore',
      'debug.log',
      'docs/vendor/readme.md',
      'src/app.js',
    ]);
    expect(walk([root], { exclude: ['vendor', 'src/app.js'] }).files).toEqual([
      '.gitignore',
      'src/app.min.js',
    ]);
  });

  it('reports symlink loops and dangling links, follows links out of the tree once, and goes on', () => {
    const outside = tree({ 'shared/creds.env': '', 'shared/more/b.txt': '' });
    const root = tree({ 'a.txt': '', 'sub/b.txt': '' });
    symlinkSync('..', join(root, 'sub/up'));
    symlinkSync(root, join(root, 'self'));
    symlinkSync('nowhere', join(root, 'dangling'));
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    symlinkSync(join(outside, 'shared'), join(root, 'linked'));
    symlinkSync(join(outside, 'shared'), join(root, 'linked-again'));
    symlinkSync('sub', join(root, 'sub-alias'));
    symlinkSync('a.txt', join(root, 'a-link.txt'));
    const { files, issues } = walk([root]);
    expect(files).toEqual(['a-link.txt', 'a.txt', 'linked/creds.env', 'linked/more/b.txt', 'sub/b.txt']);
    expect(issues).toEqual([
      'dangling skipped broken-symlink',
      'loop1 skipped symlink-loop',
      'loop2 skipped symlink-loop',
      'self skipped symlink-loop',
      'sub/up skipped symlink-loop',
    ]);
  });

  it('skips FIFOs and sockets without opening them', async () => {
    const root = tree({ 'a.txt': '' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const server = createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(join(root, 'sock'), r));
    const { files, issues } = walk([root]);
    expect(files).toEqual(['a.txt']);
    expect(issues).toEqual(['pipe skipped fifo', 'sock skipped socket']);
  });

  it('reports paths relative to a single folder root, and prefixed by the root when there are several', () => {
    const root = tree({ 'x/one.env': '', 'y/two.env': '', 'y/three.txt': '' });
    expect(walk([join(root, 'x')]).files).toEqual(['one.env']);
    const cwd = process.cwd();
    try {
      process.chdir(root);
      expect(walk(['./x/', 'y', 'y/three.txt']).files).toEqual([
        'x/one.env',
        'y/three.txt',
        'y/two.env',
        'y/three.txt',
      ]);
      expect(walk(['.']).files).toEqual(['x/one.env', 'y/three.txt', 'y/two.env']);
      // A file root is reported as given; --exclude applies to it, .gitignore does not.
      expect(walk(['y/three.txt'], { exclude: ['*.txt'] }).files).toEqual([]);
      expect(walk(['y/three.txt', 'x'], { exclude: ['y/three.txt'] }).files).toEqual(['x/one.env']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a root that does not exist before walking anything', () => {
    const root = tree({ 'a.txt': '' });
    expect(() => resolveRoots([root, join(root, 'missing')])).toThrow(UsageError);
    expect(() => resolveRoots([join(root, 'missing')])).toThrow(/missing: no such file or folder/);
  });
});
