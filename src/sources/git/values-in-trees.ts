import { runGit } from './git-command.js';

/**
 * Which of `values` the trees of `commits` already hold, in one `git grep -F` over all of them.
 * The values go to git on stdin, one a line, never on the command line where `ps` shows them.
 * `-h -o` prints only the matched text; line numbers, columns and colour are forced off so user
 * config cannot add anything. Binary files are skipped, as the scan skips them.
 */
export async function valuesInTrees(
  cwd: string,
  values: Iterable<string>,
  commits: readonly string[],
  /** Only these paths of the trees (taken literally); all of them when undefined. */
  paths?: readonly string[],
): Promise<Set<string>> {
  // An empty line would match everything; a value with a line break cannot be one pattern line.
  const wanted = [...new Set(values)].filter((v) => v.length > 0 && !/[\r\n]/.test(v));
  if (wanted.length === 0 || commits.length === 0 || paths?.length === 0) return new Set();
  const { stdout } = await runGit(
    [
      'grep',
      '--no-color',
      '--no-line-number',
      '--no-column',
      '--no-recurse-submodules',
      '-I',
      '-h',
      '-o',
      '-F',
      '-z',
      '-f',
      '-',
      ...commits,
      '--',
      ...(paths ?? []),
    ],
    // git grep exits 1 when nothing matched: an answer, not a failure.
    {
      cwd,
      input: `${wanted.join('\n')}\n`,
      okCodes: [1],
      ...(paths ? { env: { GIT_LITERAL_PATHSPECS: '1' } } : {}),
    },
  );
  const matched = new Set(stdout.toString('utf8').split(/[\n\0]/));
  // -o prints one match per place; when two values overlap there, only one of them is printed,
  // so a value also counts as present when a printed match contains it.
  return new Set(wanted.filter((v) => matched.has(v) || [...matched].some((m) => m.includes(v))));
}
