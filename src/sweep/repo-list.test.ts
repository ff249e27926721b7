import { describe, expect, it } from 'vitest';
import { redactUrl } from '../sources/git/url-credentials.js';
import { parseRepoList, parseShard, repoSlug, shardOf } from './repo-list.js';

describe('repository list', () => {
  it('reads one spec a line, skipping comments, blanks and repeats', () => {
    const repos = parseRepoList(
      '# estate\n/srv/a\n\nhttps://example.test/org/b.git  # mirror\n/srv/a\ngit@example.test:org/c.git\n',
    );
    expect(repos.map((r) => [r.spec, r.index])).toEqual([
      ['/srv/a', 0],
      ['https://example.test/org/b.git', 1],
      ['git@example.test:org/c.git', 2],
    ]);
  });

  it('slugs are file-name safe, readable, unique, and hold no credentials', () => {
    const slug = repoSlug('https://bot:ghp_token123@example.test/org/app.git');
    expect(slug).toMatch(/^example\.test-org-app-[0-9a-f]{8}$/);
    expect(repoSlug('https://example.test/org/app.git')).not.toBe(repoSlug('https://example.test/org/app'));
    // A rotated token (or one in the query) keeps the mirror and report names.
    expect(repoSlug('https://bot:ghp_other@example.test/org/app.git')).toBe(slug);
    expect(repoSlug('https://example.test/org/app.git?token=ghp_token123')).toBe(slug);
  });

  it('shards split the list evenly and each repository lands in exactly one shard', () => {
    const repos = parseRepoList(Array.from({ length: 10 }, (_, i) => `/r/${i}`).join('\n'));
    const shards = [1, 2, 3].map((i) => shardOf(repos, parseShard(`${i}/3`)).map((r) => r.index));
    expect(shards).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
    expect(() => parseShard('0/3')).toThrow(/expected i\/n/);
    expect(() => parseShard('4/3')).toThrow(/expected i\/n/);
    expect(() => parseShard('x')).toThrow(/expected i\/n/);
  });

  it('redactUrl hides a password or token in a URL', () => {
    expect(redactUrl('fatal: https://bot:ghp_secret@example.test/x.git not found')).toBe(
      'fatal: https://bot:***@example.test/x.git not found',
    );
    expect(redactUrl('git@example.test:org/c.git')).toBe('git@example.test:org/c.git');
  });
});
