import type { CommitInfo } from '../../model/location.js';

/** An annotated tag object: its name, and who tagged what, when. */
export interface TagInfo {
  name: string;
  /** Where a finding in the tag's message is placed: the tagged object, by the tagger, at the tag's date. */
  commit: CommitInfo;
}

/**
 * Reads the header of a tag object (`object`, `type`, `tag`, `tagger Name <email> <epoch> <tz>`).
 * The message is left out on purpose: its first line may be the very secret that was found.
 */
export function parseTag(oid: string, data: Buffer): TagInfo {
  const end = data.indexOf('\n\n');
  const header = data.toString('utf8', 0, end === -1 ? Math.min(data.length, 4096) : end);
  const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(header)?.[1];
  const tagger = /^(.*?) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(field('tagger') ?? '');
  return {
    name: field('tag') ?? '?',
    commit: {
      sha: field('object') ?? oid,
      author: tagger?.[1] ?? '',
      email: tagger?.[2] ?? '',
      date: tagger ? isoDate(Number(tagger[3]), tagger[4]!) : '',
    },
  };
}

/** git's strict ISO 8601 form (`%aI`): the local time of the given zone, with its offset. */
function isoDate(epoch: number, tz: string): string {
  const sign = tz.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const local = new Date((epoch + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${tz.slice(0, 3)}:${tz.slice(3, 5)}`;
}
