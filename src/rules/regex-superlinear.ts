import { createRequire } from 'node:module';

type Scslre = typeof import('scslre');
type Refa = typeof import('refa');
type AstNode = { type: string; start: number; [key: string]: unknown };

let libs: { scslre: Scslre; refa: Refa } | undefined;

/**
 * The analysers, loaded on first use: they cost tens of milliseconds to import, and only user
 * rules need them (built-in rules are checked at build time and load from a cache).
 */
function analysers(): { scslre: Scslre; refa: Refa } {
  if (!libs) {
    const require = createRequire(import.meta.url);
    libs = { scslre: require('scslre') as Scslre, refa: require('refa') as Refa };
  }
  return libs;
}

/**
 * A static check for super-linear matching time, on top of the structural one in
 * regex-safety.ts. Returns a description of the first problem, or undefined.
 *
 * - scslre (used by eslint-plugin-regexp) finds quantifiers that trade characters: `Self` and
 *   `Trade` reports, exponential (`(a+)+`) or polynomial (`a*a*a*b`, `\w*a\w*b`). Its `Move`
 *   reports (every start position re-scans a run, `(\w+@\w+)`) are quadratic, and they are
 *   rejected too: a rule without required context runs on a whole chunk (detect-chunk.ts runs it
 *   from 0 to text.length, and chunks reach 4 MB), not on a window of a few KB, so a 40,000-char
 *   run of word characters already costs a second. A leading `(?<![\w])` or `\b` clears it.
 * - scslre does not see ambiguity between the alternatives of a repeated group (`(a|a)*`,
 *   `(a|aa)*`, `(a|ab|b)*`), which is exponential: with refa, alternatives x and y of a group
 *   repeated 10 or more times are ambiguous when x·group* and y·group* share a word.
 */
export function findSuperLinearRisk(source: string, flags: string): string | undefined {
  const { scslre, refa } = analysers();
  let parser: InstanceType<Refa['JS']['Parser']>;
  try {
    parser = refa.JS.Parser.fromLiteral({ source, flags });
  } catch {
    return undefined; // not a regex regexpp knows: the RegExp constructor already judged it
  }
  // The worst first: backtracking (exponential, then polynomial), then quadratic moves.
  const { reports } = scslre.analyse(parser.ast);
  const trade =
    reports.find((r) => r.type !== 'Move' && r.exponential) ?? reports.find((r) => r.type !== 'Move');
  if (trade) {
    const what = trade.exponential ? 'exponential: nested quantifiers' : 'polynomial: adjacent quantifiers';
    return `${what} can match the same text, e.g. a long run of '${trade.character.pick}'`;
  }
  const ambiguous = findAmbiguousRepetition(parser, refa);
  if (ambiguous) return ambiguous;
  const move = reports[0];
  if (move) {
    return `quadratic: every start position re-scans a long run of '${move.character.pick}'; anchor the regex with a lookbehind such as (?<![A-Za-z0-9]) or \\b`;
  }
  return undefined;
}

function findAmbiguousRepetition(parser: InstanceType<Refa['JS']['Parser']>, refa: Refa): string | undefined {
  const options = { backreferences: 'disable', assertions: 'disable' } as const;
  const nfa = (el: AstNode) =>
    refa.NFA.fromRegex(
      // biome-ignore lint/suspicious/noExplicitAny: a regexpp node, typed loosely here
      parser.parseElement(el as any, options).expression,
      { maxCharacter: parser.maxCharacter },
    );
  for (const q of walk(parser.ast.pattern as unknown as AstNode)) {
    if (q.type !== 'Quantifier' || (q['max'] as number) < 10) continue;
    const group = q['element'] as AstNode;
    const alternatives = group['alternatives'] as AstNode[] | undefined;
    if (!alternatives || alternatives.length < 2) continue;
    const loop = nfa(group);
    loop.quantify(0, Number.POSITIVE_INFINITY);
    const starts = alternatives.map((alt) => {
      const n = nfa(alt);
      n.append(loop);
      return n;
    });
    for (let i = 0; i < starts.length; i++) {
      for (let j = i + 1; j < starts.length; j++) {
        if (!refa.isDisjointWith(starts[i]!, starts[j]!))
          return `exponential: alternatives ${i + 1} and ${j + 1} of the repeated group at offset ${group.start} can match the same text`;
      }
    }
  }
  return undefined;
}

/** Every node of a regexpp AST, depth first. */
function* walk(node: AstNode): Generator<AstNode> {
  yield node;
  for (const key of ['alternatives', 'elements', 'element']) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) yield* walk(c as AstNode);
    else if (child && typeof child === 'object') yield* walk(child as AstNode);
  }
}
