import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import { detectChunk } from './detect-chunk.js';
import { FindingCollector } from './finding-collector.js';

const rules = loadRules();
const ID = fakeKeyId('fold');
const SECRET = fakeSecret('fold');

function collect(files: Record<string, string>): FindingCollector {
  const collector = new FindingCollector();
  for (const [path, text] of Object.entries(files)) {
    for (const m of detectChunk({ location: { kind: 'file', path }, text, startLine: 1 }, rules))
      collector.add(m);
  }
  return collector;
}

const places = (c: FindingCollector) =>
  c.findings().map((f) => [f.kind, f.occurrences.map((o) => `${o.location.path}:${o.line}`)]);

describe('FindingCollector', () => {
  it('folds a key id and a secret found alone into the pair holding them, whatever the order', () => {
    const files = {
      'idonly.md': `The leaked key was ${ID}, rotate it.\n`,
      'pair.env': `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      'seconly.yaml': `aws_secret_access_key: ${SECRET}\n`,
    };
    const c = collect(files);
    expect(c.seen()).toHaveLength(3); // as a stream sees them
    expect(places(c)).toEqual([['aws-key-pair', ['pair.env:1', 'idonly.md:1', 'seconly.yaml:1']]]);
    expect(places(c)).toHaveLength(1); // folding twice changes nothing
  });

  it('seen() stays in first-seen order after a fold, so a stream keeps its place; holds() tells what folded', () => {
    const c = collect({
      'idonly.md': `key ${ID}\n`,
      'pair.env': `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    });
    const before = [...c.seen()];
    c.findings();
    const late = collect({ 'c.md': `key ${fakeKeyId('fold-late')}\n` }).seen()[0]!;
    expect(c.seen()).toEqual(before);
    expect(before.map((f) => c.holds(f))).toEqual([false, true]);
    expect(c.holds(late)).toBe(false);
  });

  it('holds() keeps a lone key id found after its pair out of a stream: the pair was yielded', () => {
    const c = collect({
      'pair.env': `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      'later.md': `key ${ID}\n`,
    });
    expect(c.seen().map((f) => [f.kind, c.holds(f)])).toEqual([
      ['aws-key-pair', true],
      ['aws-access-key-id', false],
    ]);
  });

  it('folds a session token found alone into its pair', () => {
    const asia = fakeKeyId('fold-s', 'ASIA');
    const token = fakeSessionToken('fold-s');
    const c = collect({
      'creds.json': `{"AccessKeyId": "${asia}",\n "SecretAccessKey": "${SECRET}",\n "SessionToken": "${token}"}`,
      'tok.txt': `aws_session_token = ${token}\n`,
    });
    expect(places(c)).toEqual([['aws-key-pair', ['creds.json:1', 'tok.txt:1']]]);
  });

  it('keeps a lone key id whose pair is not in the scan, and one two pairs share', () => {
    const other = fakeSecret('fold-2');
    const c = collect({
      'a.env': `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      'b.env': `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${other}\n`,
      'note.md': `key ${ID}\n`,
      'lone.md': `key ${fakeKeyId('fold-3')}\n`,
    });
    expect(c.findings().map((f) => f.kind)).toEqual([
      'aws-key-pair',
      'aws-key-pair',
      'aws-access-key-id',
      'aws-access-key-id',
    ]);
  });
});
