import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../model/errors.js';
import { readPairSecrets } from './verify-secret-input.js';

const AKIA = 'AKIARZPUZDIKGB2VALC4';
const ASIA = 'ASIAY34FZKBOKMUTVV7A';
const SECRET = 'abcdEFGHijklMNOPqrstUVWXyz0123456789+/AB';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';

const stdin = (text: string) => Readable.from([Buffer.from(text)]);

describe('readPairSecrets', () => {
  it('reads the secret, and the token on a second line, from stdin', async () => {
    const s = await readPairSecrets(ASIA, true, {}, stdin(`\n${SECRET}\r\n${TOKEN}\n`));
    expect(s.secret.reveal()).toBe(SECRET);
    expect(s.sessionToken?.reveal()).toBe(TOKEN);
    expect(s.source).toBe('stdin');
  });

  it('rejects empty stdin, extra lines and whitespace inside the secret', async () => {
    await expect(readPairSecrets(AKIA, true, {}, stdin('\n\n'))).rejects.toThrow(UsageError);
    await expect(readPairSecrets(AKIA, true, {}, stdin('a\nb\nc\n'))).rejects.toThrow('more than two lines');
    await expect(readPairSecrets(AKIA, true, {}, stdin('abc def\n'))).rejects.toThrow('whitespace');
  });

  it('takes the environment secret only when AWS_ACCESS_KEY_ID is unset or the same key id', async () => {
    const same = await readPairSecrets(AKIA, false, {
      AWS_ACCESS_KEY_ID: AKIA,
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(same.secret.reveal()).toBe(SECRET);
    await expect(
      readPairSecrets(AKIA, false, {
        AWS_ACCESS_KEY_ID: 'AKIAYVP4CIPPERUVIFXG',
        AWS_SECRET_ACCESS_KEY: SECRET,
      }),
    ).rejects.toThrow('belongs to AWS_ACCESS_KEY_ID');
    await expect(readPairSecrets(AKIA, false, {})).rejects.toThrow(`no secret for ${AKIA}`);
  });

  it('drops a session token for a long-term key and demands one for a temporary key', async () => {
    const s = await readPairSecrets(AKIA, false, { AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN });
    expect(s.sessionToken).toBeUndefined();
    await expect(readPairSecrets(ASIA, false, { AWS_SECRET_ACCESS_KEY: SECRET })).rejects.toThrow(
      'session token',
    );
  });

  it('never puts the secret in an error message', async () => {
    const err = await readPairSecrets(ASIA, true, {}, stdin(`${SECRET}\n`)).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(SECRET);
  });
});
