import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../test/support/fake-keys.js';
import { loadRules } from '../rules/load-rules.js';
import { type ByteDecoding, detectBytes } from './detect-bytes.js';
import { detectChunk } from './detect-chunk.js';
import type { Match } from './pairing.js';

const rules = loadRules();
const ID = fakeKeyId('bytes-1');
const SECRET = fakeSecret('bytes-1');
const ID2 = fakeKeyId('bytes-2');
const SECRET2 = fakeSecret('bytes-2');
const ASIA = fakeKeyId('bytes-3', 'ASIA');
const TOKEN = fakeSessionToken('bytes-3');
const B64 = (s: string) => Buffer.from(s).toString('base64');

/** Every part of every match with its place, sorted: what a report would show. */
function places(matches: Match[]): string[] {
  return matches
    .map((m) =>
      (['keyId', 'secret', 'token', 'generic'] as const)
        .map((p) => (m[p] ? `${p}=${m[p].value.reveal()}@${m[p].line}:${m[p].column}` : '-'))
        .join(' '),
    )
    .sort();
}

function whole(text: string, startLine = 1): string[] {
  return places(detectChunk({ location: { kind: 'file', path: 'x' }, text, startLine }, rules));
}

function bySpots(bytes: Buffer, decoding: ByteDecoding = 'utf8', startLine = 1): string[] {
  return places(detectBytes({ location: { kind: 'file', path: 'x' }, bytes, startLine, decoding }, rules));
}

/** Code-like filler with no credential: words, a hash, base64 too long to be a value. */
function noise(lines: number, seed = 0): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = (i * 7919 + seed) % 5;
    if (n === 0) out.push(`  const value${i} = computeSomething(input, { retries: ${i} });`);
    else if (n === 1)
      out.push(`  // integrity sha1 ${'0123456789abcdef'.repeat(3).slice(i % 7, (i % 7) + 40)}`);
    else if (n === 2) out.push(`  data = "${B64('x'.repeat(90) + i)}";`);
    else if (n === 3) out.push('');
    else out.push(`  if (aws.config.region === 'us-east-1') return secretManager.describe();`);
  }
  return `${out.join('\n')}\n`;
}

const SNIPPETS: Record<string, string> = {
  ini: `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`,
  env: `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY="${SECRET}"\n`,
  json: `{"accessKeyId": "${ID}", "secretAccessKey": "${SECRET}"}`,
  twoProfiles: `[dev]\naws_access_key_id=${ID}\naws_secret_access_key=${SECRET}\n\n[prod]\naws_access_key_id=${ID2}\naws_secret_access_key=${SECRET2}\n`,
  idAlone: `deploy key ${ID} rotated\n`,
  secretAlone: `aws_secret_access_key: ${SECRET}\n`,
  weakName: `import boto3\nsecret_key = "${SECRET}"\n`,
  farApart: `aws_access_key_id = ${ID}\n${'\n'.repeat(20)}aws_secret_access_key = ${SECRET}\n`,
  weakFar: `import boto3\nkey_id = ${ID}\n${'x = 1\n'.repeat(29)}secret_key = "${SECRET}"\n`,
  weakTooFar: `import boto3\nkey_id = ${ID}\n${'x = 1\n'.repeat(30)}secret_key = "${SECRET}"\n`,
  session: `aws_access_key_id=${ASIA}\naws_secret_access_key=${SECRET}\naws_session_token=${TOKEN}\n`,
  namedToken: `aws_session_token = ${B64('t'.repeat(40) + SECRET + SECRET2)}\n`,
  concat: `const id = '${ID.slice(0, 4)}' + '${ID.slice(4)}';\nconst secret = '${SECRET.slice(0, 20)}' +\n  '${SECRET.slice(20)}';\n`,
  pythonImplicit: `aws_secret = ("${SECRET.slice(0, 20)}"\n  "${SECRET.slice(20)}")\n`,
  splitPrefix: `aws_access_key_id = "AK" + "${ID.slice(2)}"\naws_secret_access_key = "${SECRET.slice(0, 9)}" . "${SECRET.slice(9)}"\n`,
  urlEncoded: `https://example.com/?AWSAccessKeyId=${ID}&aws_secret_access_key=${encodeURIComponent(SECRET).replace(/\//g, '%2F')}\n`,
  jsonEscaped: `{"aws_secret_access_key":"${SECRET.replace(/\//g, '\\/').replace(/\+/g, '\\u002B')}","id":"${ID}"}\n`,
  escapedIds: `url=https://h/x?k=%2F${ID}%2f and "\\u002F${ID2}" and %3d${ID.slice(0, 4)}" + "${ID.slice(4)}"\n`,
  blobPrefixes: `wasm = "${B64('x'.repeat(30))}AKIA${ID.slice(4)}${B64('y'.repeat(30))}";\n`,
  kubernetes: `apiVersion: v1\nkind: Secret\ndata:\n  AWS_ACCESS_KEY_ID: ${B64(ID)}\n  AWS_SECRET_ACCESS_KEY: ${B64(SECRET)}\n`,
  encodedNoKind: `creds:\n  id: ${B64(ID)}\n  aws_secret_access_key: ${B64(SECRET)}\n`,
  encodedFile: `blob: ${B64(`[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`)}\n`,
  allowed: `aws_access_key_id = ${ID} # keysweep:allow fixture\naws_secret_access_key = ${SECRET}\n`,
  documentation: `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`,
  otherSecret: `DJANGO_SECRET_KEY = "${SECRET}"\n`,
  sha: `secret: ${'a1b2c3d4e5'.repeat(4)}\n`,
};

describe('detectBytes', () => {
  it.each(Object.entries(SNIPPETS))('finds what a whole read finds: %s', (_name, snippet) => {
    const layouts = [
      snippet,
      noise(200) + snippet + noise(200, 3),
      snippet.replace(/\n/g, '\r\n'),
      `${noise(50)}// café ünïcode before: ${snippet}`,
      noise(31) + snippet,
    ];
    for (const text of layouts) {
      const expected = whole(text);
      expect(bySpots(Buffer.from(text, 'utf8'))).toEqual(expected);
      expect(bySpots(Buffer.from(text, 'utf8'), 'utf8', 40)).toEqual(whole(text, 40));
    }
    // Whatever the layout, a snippet that holds a credential yields it.
    expect(bySpots(Buffer.from(noise(200) + snippet))).toEqual(whole(noise(200) + snippet));
  });

  it('finds the same on a long minified line, with columns of the whole line', () => {
    const filler = 'a.b(c,d);e=f+"g";'.repeat(2000);
    for (const snippet of Object.values(SNIPPETS)) {
      const line = `${filler}${snippet.replace(/\n/g, ' ')}${filler}`;
      expect(bySpots(Buffer.from(line))).toEqual(whole(line));
      const multiLine = `${noise(10)}${filler}é${snippet}${filler}\n${noise(10)}`;
      expect(bySpots(Buffer.from(multiLine))).toEqual(whole(multiLine));
    }
  });

  it('reads the rules’ own examples and negative examples as a whole read does', () => {
    for (const rule of rules.rules) {
      for (const text of [...rule.examples.map((e) => e.text), ...rule.negativeExamples]) {
        expect(bySpots(Buffer.from(text))).toEqual(whole(text));
      }
    }
  });

  it('reads Latin-1 for git the same, with byte columns', () => {
    const text = `${noise(20)}ключ: aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;
    const latin1 = Buffer.from(text, 'utf8').toString('latin1');
    expect(bySpots(Buffer.from(text, 'utf8'), 'latin1')).toEqual(whole(latin1));
  });

  it('honours keysweep:allow on a long line beyond the spot’s reach', () => {
    const far = 'x=1;'.repeat(3000);
    const text = `aws_access_key_id = ${ID}; ${far} // keysweep:allow\n`;
    expect(whole(text)).toEqual([]);
    expect(bySpots(Buffer.from(text))).toEqual([]);
  });

  it('never takes a piece of an over-long base64 run for a value', () => {
    const run = B64('r'.repeat(30_000));
    const text = `aws_secret_access_key = ${run.slice(0, 9000)}${SECRET}${run.slice(0, 9000)} ${ID}\n`;
    expect(bySpots(Buffer.from(text))).toEqual(whole(text));
  });

  it('reads nothing of a text without seeds, however many keywords it holds', () => {
    const text = noise(5000);
    expect(whole(text)).toEqual([]);
    expect(bySpots(Buffer.from(text))).toEqual([]);
  });

  it('reads a user rule set whole', () => {
    const noPlan = { ...rules, seedPlan: undefined };
    const text = `${noise(30)}${SNIPPETS.ini}`;
    expect(whole(text)).toEqual([`keyId=${ID}@32:21 secret=${SECRET}@33:25 - -`]);
    expect(
      places(
        detectBytes(
          { location: { kind: 'file', path: 'x' }, bytes: Buffer.from(text), startLine: 1, decoding: 'utf8' },
          noPlan,
        ),
      ),
    ).toEqual(whole(text));
  });
});
