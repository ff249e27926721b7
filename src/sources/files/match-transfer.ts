import type { Match } from '../../detect/pairing.js';
import type { Candidate } from '../../model/candidate.js';
import { Secret } from '../../model/secret.js';

/**
 * Matches cross the worker-thread boundary as plain data. `Secret` hides its value from
 * structured clone (a private field), so the worker reveals it into the message and the main
 * thread wraps it again at once. The message never leaves the process, and nothing logs it.
 */
export type WireCandidate = Omit<Candidate, 'value'> & { value: string };

export interface WireMatch {
  keyId?: WireCandidate;
  secret?: WireCandidate;
  token?: WireCandidate;
  generic?: WireCandidate;
}

const PARTS = ['keyId', 'secret', 'token', 'generic'] as const;

export function toWire(m: Match): WireMatch {
  const out: WireMatch = {};
  for (const part of PARTS) {
    const c = m[part];
    if (c) out[part] = { ...c, value: c.value.reveal() };
  }
  return out;
}

export function fromWire(w: WireMatch): Match {
  const out: Match = {};
  for (const part of PARTS) {
    const c = w[part];
    if (c) out[part] = { ...c, value: new Secret(c.value) };
  }
  return out;
}
