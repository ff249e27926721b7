import { printable } from './printable.js';

/** Where a piece of scanned text came from. One `formatLocation` renders them all. */
export type Location = FileLocation | StdinLocation | StagedLocation | GitLocation;

export interface FileLocation {
  kind: 'file';
  /** Path relative to the scan root, with forward slashes. */
  path: string;
}

export interface StdinLocation {
  kind: 'stdin';
  path: '-';
}

export interface StagedLocation {
  kind: 'staged';
  path: string;
  blob: string;
}

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601 author date. */
  date: string;
  /** First line of the commit message. */
  subject?: string;
}

export interface GitLocation {
  kind: 'git';
  /** Path of the blob in the commit that introduced it; for commit or tag messages, `<commit message>`. */
  path: string;
  blob: string;
  commit?: CommitInfo;
  /** Branches and tags that reach the commit, when asked for. */
  refs?: string[];
}

export function formatLocation(loc: Location, line?: number, column?: number): string {
  const pos = line === undefined ? '' : column === undefined ? `:${line}` : `:${line}:${column}`;
  switch (loc.kind) {
    case 'file':
      return `${printable(loc.path)}${pos}`;
    case 'stdin':
      return `(stdin)${pos}`;
    case 'staged':
      return `${printable(loc.path)}${pos} (staged)`;
    case 'git':
      return loc.commit
        ? `${loc.commit.sha.slice(0, 12)}:${printable(loc.path)}${pos}`
        : `${loc.blob.slice(0, 12)}:${printable(loc.path)}${pos}`;
  }
}
