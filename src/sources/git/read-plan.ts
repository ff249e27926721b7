import { gitFailure, spawnGit } from './git-command.js';
import { type HistoryObjects, IS_COMMIT } from './history-objects.js';
import { splitStream } from './split-stream.js';

/** Table flag: already in the read plan (an object can sit in several packs). */
const PLANNED = 8;

/** The objects to read, in the order git stores them. */
export interface ReadPlan {
  /**
   * Table slots of the objects, in pack order: blobs, the commits of the sweep, annotated tags.
   * Slots, not ids: numbers cost a seventh of the strings, and the table no longer grows.
   */
  slots: number[];
  blobs: number;
  blobBytes: number;
}

/**
 * Orders the sweep's objects the way the packs hold them. `cat-file --batch-all-objects
 * --batch-check --unordered` lists every object in pack order in a fraction of a second (it
 * reads headers, not contents); asking `cat-file --batch` for blobs in that order then resolves
 * each delta right after its base is cached, which is many times faster than hash order.
 * Trees are left out: they hold no text.
 */
export async function planReads(cwd: string, objects: HistoryObjects): Promise<ReadPlan> {
  const args = [
    'cat-file',
    '--batch-all-objects',
    '--batch-check=%(objectname) %(objecttype) %(objectsize)',
    '--unordered',
  ];
  const child = spawnGit(args, cwd);
  child.stdin.end();
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 128));
  });
  const plan: ReadPlan = { slots: [], blobs: 0, blobBytes: 0 };
  const { table } = objects;
  for await (const line of splitStream(child.stdout as AsyncIterable<Buffer>)) {
    const text = line.toString('latin1');
    const [oid = '', type, size] = text.split(' ');
    if (type === 'tree') continue;
    const slot = table.find(oid);
    if (slot < 0 || table.flags(slot) & PLANNED) continue;
    const isCommit = (table.flags(slot) & IS_COMMIT) !== 0;
    if (type === 'commit' ? !isCommit : isCommit) continue;
    table.setFlag(slot, PLANNED);
    plan.slots.push(slot);
    if (type === 'blob') {
      plan.blobs++;
      plan.blobBytes += Number(size);
    }
  }
  const code = await exit;
  if (code !== 0) throw gitFailure(args, Buffer.concat(stderr).toString('utf8'), code);
  return plan;
}
