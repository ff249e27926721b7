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
  const matches = detectChunk({ location, text, startLine: cut.startLine }, ruleSet);
  if (cut.ownFrom <= cut.startLine && cut.ownTo === Number.POSITIVE_INFINITY) return matches;
  return matches.filter((m) => ownedBy(cut, anchorOf(m)));
}

/** The part a match is placed by; the same choice as the FindingCollector's occurrences. */
export function anchorOf(m: Match): Candidate {
  const anchor = m.keyId ?? m.secret ?? m.token ?? m.generic;
  if (!anchor) throw new Error('empty match');
  return anchor;
}
