import { gitFailure, spawnGit } from './git-command.js';
import { decodeGitPath } from './git-path.js';
import { AT_HEAD, type HistoryObjects } from './history-objects.js';
import { splitStream } from './split-stream.js';

export interface HeadTree {
  /** Submodule (gitlink) paths at HEAD: not followed by a sweep. */
  submodules: string[];
}

/**
 * Marks the sweep's blobs that the HEAD tree holds, streaming `git ls-tree -r -z HEAD`, so
 * "still at HEAD" is a flag lookup, and notes the submodules there.
 */
export async function markHeadTree(cwd: string, head: string, objects: HistoryObjects): Promise<HeadTree> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', head];
  const child = spawnGit(args, cwd);
  child.stdin.end();
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 128));
  });
  const submodules: string[] = [];
  for await (const entry of splitStream(child.stdout as AsyncIterable<Buffer>, 0)) {
    // <mode> SP <type> SP <oid> TAB <path>
    const tab = entry.indexOf(9);
    if (tab === -1) continue;
    const [, type, oid = ''] = entry.subarray(0, tab).toString('latin1').split(' ');
    if (type === 'commit') {
      submodules.push(decodeGitPath(entry.subarray(tab + 1)));
      continue;
    }
    if (type !== 'blob') continue;
    const slot = objects.table.find(oid);
    if (slot >= 0) objects.table.setFlag(slot, AT_HEAD);
  }
  const code = await exit;
  if (code !== 0) throw gitFailure(args, Buffer.concat(stderr).toString('utf8'), code);
  return { submodules };
}
