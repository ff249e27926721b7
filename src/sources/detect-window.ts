import { detectChunk } from '../detect/detect-chunk.js';
import type { Match } from '../detect/pairing.js';
import type { Candidate } from '../model/candidate.js';
import type { Location } from '../model/location.js';
import type { RuleSet } from '../rules/rule.js';
import { ownedBy, type WindowCut } from './text-windows.js';

/**
 * Runs detection on one window's text and keeps the matches the window owns, so that lines
 * scanned twice (in the overlap of two windows) report each credential once.
 */
export function detectWindow(text: string, cut: WindowCut, location: Location, ruleSet: RuleSet): Match[] {
  return placeInWindow(detectChunk({ location, text, startLine: cut.startLine }, ruleSet), cut);
}

/**
 * A window's matches as the input's: columns of a window that starts mid-line made the line's,
 * and only the matches the window owns kept.
 */
export function placeInWindow(found: Match[], cut: WindowCut): Match[] {
  let matches = found;
  if (cut.startColumn > 0) matches = matches.map((m) => shiftFirstLine(m, cut));
  if (cut.ownFrom <= cut.startLine && cut.ownTo === Number.POSITIVE_INFINITY) return matches;
  return matches.filter((m) => ownedBy(cut, anchorOf(m)));
}

/** A window that starts mid-line counted columns on that line from its own start: make them the line's. */
function shiftFirstLine(m: Match, cut: WindowCut): Match {
  const out: Match = {};
  for (const part of ['keyId', 'secret', 'token', 'generic'] as const) {
    const c = m[part];
    if (c) out[part] = c.line === cut.startLine ? { ...c, column: c.column + cut.startColumn } : c;
  }
  return out;
}

/** The part a match is placed by; the same choice as the FindingCollector's occurrences. */
export function anchorOf(m: Match): Candidate {
  const anchor = m.keyId ?? m.secret ?? m.token ?? m.generic;
  if (!anchor) throw new Error('empty match');
  return anchor;
}
