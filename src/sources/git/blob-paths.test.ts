import { afterEach, describe, expect, it } from 'vitest';
import { TestRepo } from '../../../test/support/git-repo.js';
import { findBlobPaths } from './blob-paths.js';
import { listHistoryObjects } from './history-objects.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('findBlobPaths', () => {
  it('lists every path of a blob with the first commit there, filtered by git or not', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.commit({ 'a.txt': 'same content\n', 'other.txt': 'x\n' });
    repo.commit({ 'b/copy.txt': 'same content\n' });
    repo.commit({ 'a.txt': 'changed\n' });
    repo.commit({ 'a.txt': 'same content\n' });
    const blob = repo.git('rev-parse', 'HEAD:b/copy.txt').trim();
    const scope = { options: ['--all'], revisions: [] };
    const objects = await listHistoryObjects(repo.dir, scope, blob.length);
    const ordinalOf = (rev: string) => objects.table.a(objects.table.find(repo.git('rev-parse', rev).trim()));
    const expected = new Map([
      [
        blob,
        new Map([
          ['a.txt', ordinalOf('HEAD~3')],
          ['b/copy.txt', ordinalOf('HEAD~2')],
        ]),
      ],
    ]);
    expect(await findBlobPaths(repo.dir, scope, [blob], objects)).toEqual(expected);
    expect(await findBlobPaths(repo.dir, scope, [blob], objects, 0)).toEqual(expected);
  });
});
