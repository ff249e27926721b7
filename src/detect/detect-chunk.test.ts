import { describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../../test/support/fake-keys.js';
import type { Chunk } from '../model/chunk.js';
import { loadRules } from '../rules/load-rules.js';
import { detectChunk } from './detect-chunk.js';
import type { Match } from './pairing.js';

const rules = loadRules();
const ID = fakeKeyId('one');
const SECRET = fakeSecret('one');
const ID2 = fakeKeyId('two');
const SECRET2 = fakeSecret('two');

function detect(text: string, extra: Partial<Chunk> = {}): Match[] {
  return detectChunk({ location: { kind: 'file', path: 'x' }, text, startLine: 1, ...extra }, rules);
}

/** Matches as plain [keyId, secret, token] triples, easy to compare. */
function pairs(text: string, extra: Partial<Chunk> = {}) {
  return detect(text, extra).map((m) => [
    m.keyId?.value.reveal(),
    m.secret?.value.reveal(),
    m.token?.value.reveal(),
  ]);
}

describe('detectChunk', () => {
  it('pairs an id with its secret in a credentials file', () => {
    expect(pairs(`[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`)).toEqual([
      [ID, SECRET, undefined],
    ]);
  });

  it('reports line and column of the key id', () => {
    const [m] = detect(`# creds\nexport AWS_ACCESS_KEY_ID=${ID}\n`, { startLine: 10 });
    expect(m?.keyId).toMatchObject({ line: 11, column: 26 });
  });

  it('pairs each secret with its own profile, not the first id in the file', () => {
    const text = [
      '[prod]',
      `aws_access_key_id = ${ID}`,
      'region = us-east-1',
      '',
      '[dev]',
      `aws_secret_access_key = ${SECRET2}`,
      `aws_access_key_id = ${ID2}`,
      '',
      '[prod-cont]',
      `aws_secret_access_key = ${SECRET}`,
    ].join('\n');
    expect(pairs(text)).toEqual(
      expect.arrayContaining([
        [ID2, SECRET2, undefined],
        [ID, SECRET, undefined],
      ]),
    );
  });

  it('pairs within YAML blocks by structure', () => {
    const text = `accounts:\n  a:\n    access_key_id: ${ID}\n    bucket: x\n    secret_access_key: ${SECRET}\n  b:\n    secret_access_key: ${SECRET2}\n    access_key_id: ${ID2}\n`;
    expect(pairs(text)).toEqual([
      [ID, SECRET, undefined],
      [ID2, SECRET2, undefined],
    ]);
  });

  it('pairs the nearest column on a CSV row holding an old and a new key id', () => {
    const text = `user,old_id,new_id,new_secret\nci,${ID2},${ID},${SECRET}\n`;
    expect(pairs(text)).toEqual([
      [ID2, undefined, undefined],
      [ID, SECRET, undefined],
    ]);
  });

  it('pairs every credential of a file holding hundreds of profiles', () => {
    const n = 300;
    const text = Array.from(
      { length: n },
      (_, i) =>
        `[p${i}]\naws_access_key_id = ${fakeKeyId(`bulk${i}`)}\naws_secret_access_key = ${fakeSecret(`bulk${i}`)}\n`,
    ).join('\n');
    const got = pairs(text);
    expect(got).toHaveLength(n);
    expect(got).toEqual(
      Array.from({ length: n }, (_, i) => [fakeKeyId(`bulk${i}`), fakeSecret(`bulk${i}`), undefined]),
    );
  });

  it.each([
    ['PROD first', ['PROD', 'DEV']],
    ['DEV first', ['DEV', 'PROD']],
  ])('pairs "all ids, then all secrets" by name (%s)', (_name, [x, y]) => {
    const text = `${x}_AWS_ACCESS_KEY_ID=${ID}\n${y}_AWS_ACCESS_KEY_ID=${ID2}\n${x}_AWS_SECRET_ACCESS_KEY=${SECRET}\n${y}_AWS_SECRET_ACCESS_KEY=${SECRET2}\n`;
    expect(pairs(text)).toEqual([
      [ID, SECRET, undefined],
      [ID2, SECRET2, undefined],
    ]);
    // Secrets listed in the other order still find their own ids.
    const swapped = `${x}_AWS_ACCESS_KEY_ID=${ID}\n${y}_AWS_ACCESS_KEY_ID=${ID2}\n${y}_AWS_SECRET_ACCESS_KEY=${SECRET2}\n${x}_AWS_SECRET_ACCESS_KEY=${SECRET}\n`;
    expect(pairs(swapped)).toEqual([
      [ID, SECRET, undefined],
      [ID2, SECRET2, undefined],
    ]);
  });

  it('pairs three credentials listed ids first, by name and in order without names', () => {
    const ids = ['a', 'b', 'c'].map((n) => fakeKeyId(`three-${n}`));
    const secrets = ['a', 'b', 'c'].map((n) => fakeSecret(`three-${n}`));
    const want = ids.map((id, i) => [id, secrets[i], undefined]);
    const named = ['A', 'B', 'C'];
    const text = [
      ...ids.map((id, i) => `${named[i]}_AWS_ACCESS_KEY_ID=${id}`),
      ...secrets.map((s, i) => `${named[i]}_AWS_SECRET_ACCESS_KEY=${s}`),
    ].join('\n');
    expect(pairs(text)).toEqual(want);
    const camel = [
      ...ids.map((id, i) => `  ${['source', 'dest', 'backup'][i]}AccessKeyId: ${id}`),
      ...secrets.map((s, i) => `  ${['source', 'dest', 'backup'][i]}SecretAccessKey: ${s}`),
    ].join('\n');
    expect(pairs(camel)).toEqual(want);
    const unnamed = [
      ...ids.map((id) => `aws_access_key_id = ${id}`),
      ...secrets.map((s) => `aws_secret_access_key = ${s}`),
    ].join('\n');
    expect(pairs(unnamed)).toEqual(want);
  });

  it('takes a letters-only secret when a key id pairs with it or an AWS keyword names it', () => {
    // No digit, + or /: about 1 in 4,000 real secrets.
    const letters = 'ANFmuWRqruizKMpgvYxpXBSWlNsnySPjhJtfvHpk';
    expect(pairs(`key_id: ${ID}\nsecret: ${letters}\n`)).toEqual([[ID, letters, undefined]]);
    expect(pairs(`AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${letters}\n`)).toEqual([
      [ID, letters, undefined],
    ]);
    expect(pairs(`aws_secret_access_key = ${letters}`)).toEqual([[undefined, letters, undefined]]);
    // Alone, a generic name in an AWS block is not enough for letters; nor words and placeholders.
    expect(pairs(`[default]\nsecret_key = ${letters}`)).toEqual([]);
    for (const words of [
      'ThisIsMyVeryLongCamelCaseIdentifierNames',
      'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIjKlMn',
    ])
      expect(pairs(`AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${words}\n`)).toEqual([
        [ID, undefined, undefined],
      ]);
  });

  it('takes a secret holding a mixed-case run of x, but not a mask', () => {
    const xs = 'ObIWwF+gNnGag+ZK3riy5XXxx8gO25Fpo3iAMVHg';
    expect(pairs(`${ID},${xs}\n`)).toEqual([[ID, xs, undefined]]);
    expect(pairs(`aws_secret_access_key = q7Rk2VbN9wLx4TzP8sYcxxxxxxxxxxxxxxxxxxxx`)).toEqual([]);
  });

  it('keeps a key id alone and a named secret alone', () => {
    expect(pairs(`key: ${ID}`)).toEqual([[ID, undefined, undefined]]);
    expect(pairs(`aws_secret_access_key: ${SECRET}`)).toEqual([[undefined, SECRET, undefined]]);
  });

  it('pairs ASIA ids with their secret and session token', () => {
    const asia = fakeKeyId('s', 'ASIA');
    const token = fakeSessionToken('s');
    const text = `{"AccessKeyId": "${asia}",\n "SecretAccessKey": "${SECRET}",\n "SessionToken": "${token}"}`;
    expect(pairs(text)).toEqual([[asia, SECRET, token]]);
  });

  it('takes a named session token without a known prefix, once, and pairs it', () => {
    const asia = fakeKeyId('n', 'ASIA');
    const token = fakeSessionToken('n').slice(16, 236);
    const text = `AWS_ACCESS_KEY_ID=${asia}\nAWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_SESSION_TOKEN=${token}\n`;
    expect(pairs(text)).toEqual([[asia, SECRET, token]]);
    const prefixed = fakeSessionToken('p');
    expect(pairs(`aws_session_token = ${prefixed}`)).toEqual([[undefined, undefined, prefixed]]);
  });

  it.each([
    ['CRLF line ends', (s: string) => s.replace(/\n/g, '\r\n')],
    ['URL-encoding', (s: string) => s.replace(/\//g, '%2F').replace(/\+/g, '%2B')],
    ['JSON-escaped slashes', (s: string) => s.replace(/\//g, '\\/')],
  ])('undoes %s', (_name, encode) => {
    const secret = `${SECRET.slice(0, 10)}/${SECRET.slice(11, 20)}+${SECRET.slice(21)}`;
    const text = encode(`aws_access_key_id=${ID}\naws_secret_access_key=${secret}\n`);
    expect(pairs(text)).toEqual([[ID, secret, undefined]]);
  });

  it('decodes base64 values of a Kubernetes Secret', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const text = `kind: Secret\ndata:\n  AWS_ACCESS_KEY_ID: ${b64(ID)}\n  AWS_SECRET_ACCESS_KEY: ${b64(SECRET)}\n`;
    const [m] = detect(text);
    expect([m?.keyId?.value.reveal(), m?.secret?.value.reveal()]).toEqual([ID, SECRET]);
    expect(m?.keyId).toMatchObject({ line: 3, encoding: 'base64' });
  });

  it('undoes JSON \\u escapes of + / = (as .NET System.Text.Json writes them)', () => {
    const secret = `${SECRET.slice(0, 10)}/${SECRET.slice(11, 20)}+${SECRET.slice(21)}`;
    const escaped = secret.replace(/\//g, '\\u002F').replace(/\+/g, '\\u002B');
    expect(pairs(`{"AccessKeyId":"${ID}","SecretAccessKey":"${escaped}"}`)).toEqual([
      [ID, secret, undefined],
    ]);
  });

  it('decodes a whole credentials file encoded in base64', () => {
    for (const lead of ['', 'x', 'xy']) {
      // Every alignment of the key id inside the 3-byte blocks.
      const file = `${lead}[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`;
      expect(pairs(`creds: ${Buffer.from(file).toString('base64')}\n`)).toEqual([[ID, SECRET, undefined]]);
    }
  });

  it('joins Python implicit string concatenation across lines', () => {
    const text = `key_id = ("${ID.slice(0, 10)}"\n  "${ID.slice(10)}")\naws_secret = ("${SECRET.slice(0, 20)}"\n  "${SECRET.slice(20)}")\n`;
    expect(pairs(text)).toEqual([[ID, SECRET, undefined]]);
  });

  it('joins a key split across string concatenation', () => {
    const text = `const id = '${ID.slice(0, 4)}' + '${ID.slice(4)}';\nconst secret = '${SECRET.slice(0, 20)}' +\n  '${SECRET.slice(20)}';\n`;
    expect(pairs(text)).toEqual([[ID, SECRET, undefined]]);
  });

  it('joins a split key on a line that starts inside a string or holds an apostrophe', () => {
    const split = `'${ID.slice(0, 4)}' + '${ID.slice(4)}'`;
    for (const line of [`it's the deploy key: id = ${split};`, `g";a.b(c);e=f+"g";x=${split};`]) {
      expect(pairs(`${line}\naws_secret_access_key = '${SECRET}'\n`)).toEqual([[ID, SECRET, undefined]]);
    }
  });

  it('joins runs in every form a line may start them: PHP dots, spaces, a join ending the line', () => {
    const [a, b] = [SECRET.slice(0, 20), SECRET.slice(20)];
    for (const split of [`"${a}"."${b}"`, `'${a}'  +  '${b}'`, `"${a}" .\n "${b}"`, `"${a}"\t+\n\t"${b}"`]) {
      expect(pairs(`aws_access_key_id = ${ID}\n$aws_secret = ${split};\n`)).toEqual([
        [ID, SECRET, undefined],
      ]);
    }
  });

  it('honours keysweep:allow on the line', () => {
    expect(pairs(`aws_access_key_id = ${ID} # keysweep:allow test fixture`)).toEqual([]);
  });

  it('reports only findings touching reportLines', () => {
    const text = `aws_access_key_id = ${ID}\n\n\n\n\n\n\n\nkey2 = ${ID2}\n`;
    expect(pairs(text, { reportLines: new Set([9]) })).toEqual([[ID2, undefined, undefined]]);
  });

  it.each([
    [
      'the AWS documentation key',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    ['a placeholder id', 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX'],
    ['an alphabet run', 'AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP'],
    ['non-base32 digits', 'AWS_ACCESS_KEY_ID=AKIA1234567890ABCDEF'],
    ['IAM unique ids', 'UserId: AIDAJQABLZS4A3QDU576Q RoleId: AROA3XFRBF535PLBIFPI4'],
    ['a SHA-1 next to "secret"', `aws_secret_access_key = 8326b06366738d861864e72c17c893579969bea6`],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text of an env reference
    ['an env reference', 'AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}'],
    ['another kind of secret near a key id', `AWS_ACCESS_KEY_ID=${ID}\nSESSION_SECRET=${SECRET}`],
    ['a masked key', 'key AKIA************7QXZ'],
    ['an S3 object key', `bucket key = 'uploads/avatars/original/userProfile2024'`],
    ['a UUID and a JWT', 'id 77f6ae03-a4ae-4603-886a-fe04407a4339 eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'],
    ['a long id-like token', 'AKIAWYR4EFFV3YAXFJWO5AXN XAKIAAUCEG5KH6SY7FOITQ'],
  ])('does not report %s', (_name, text) => {
    const found = pairs(text).filter(([id, secret]) => id !== ID || secret !== undefined);
    expect(found).toEqual([]);
  });
});
