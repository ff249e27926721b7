import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';
import { withoutCredentials } from '../sources/git/url-credentials.js';

/** One repository to sweep, as listed: a local path or a URL git can clone. */
export interface RepoEntry {
  /** As written in the list. */
  spec: string;
  /** 0-based position in the list (comments and blank lines not counted): the shard key. */
  index: number;
  /** File-name-safe and unique: names the mirror folder and the report. */
  slug: string;
}

/** Reads the --repos file: one path or URL a line; `#` starts a comment. */
export function readRepoList(file: string): RepoEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `${file}: cannot read the repository list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      'pass a text file with one repository path or URL a line',
    );
  }
  return parseRepoList(text);
}

export function parseRepoList(text: string): RepoEntry[] {
  const specs = text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l !== '');
  const seen = new Set<string>();
  const out: RepoEntry[] = [];
  for (const spec of specs) {
    if (seen.has(spec)) continue;
    seen.add(spec);
    out.push({ spec, index: out.length, slug: repoSlug(spec) });
  }
  return out;
}

/** `https://github.com/org/app.git` -> `github.com-org-app-1a2b3c4d`: readable, and unique by the hash. */
export function repoSlug(spec: string): string {
  const readable = withoutCredentials(spec)
    .replace(/^[a-z+]+:\/\//i, '')
    .replace(/^[^@/]+@/, '')
    .replace(/\.git\/?$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(-60);
  // Hashed without credentials: a rotated token keeps the same mirror and report name.
  const hash = createHash('sha256').update(withoutCredentials(spec)).digest('hex').slice(0, 8);
  return `${readable || 'repo'}-${hash}`;
}

export interface Shard {
  /** 1-based, as written: `--shard 2/5` is the second of five. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      `--shard '${value}': expected i/n with 1 <= i <= n`,
      'e.g. --shard 1/4 for the first of four jobs',
    );
  }
  return { index, count };
}

/**
 * The repositories of one shard: every n-th of the list, so shards stay even and each
 * repository belongs to exactly one shard whatever n is.
 */
export function shardOf(repos: readonly RepoEntry[], shard: Shard): RepoEntry[] {
  return repos.filter((r) => r.index % shard.count === shard.index - 1);
}
