import { describe, expect, it } from 'vitest';
import { credentialEnv, redactUrl, withoutCredentials } from './url-credentials.js';

describe('URL credentials', () => {
  it('redactUrl masks passwords, http user tokens and query values, wherever the URL is in the text', () => {
    expect(redactUrl("fatal: unable to access 'https://bot:ghp_s3cret@example.test/x.git/': 403")).toBe(
      "fatal: unable to access 'https://bot:***@example.test/x.git/': 403",
    );
    expect(redactUrl('https://ghp_s3cret@example.test/x.git')).toBe('https://***@example.test/x.git');
    expect(redactUrl('https://example.test/x.git?token=abc&ref=main#frag')).toBe(
      'https://example.test/x.git?token=***&ref=***#frag',
    );
    // An ssh login is not a secret, and a path or scp-like address has nothing to mask.
    expect(redactUrl('ssh://git@example.test/x.git')).toBe('ssh://git@example.test/x.git');
    expect(redactUrl('git@example.test:org/c.git and /srv/a?b=c')).toBe(
      'git@example.test:org/c.git and /srv/a?b=c',
    );
  });

  it('withoutCredentials keeps what git needs and nothing secret', () => {
    expect(withoutCredentials('https://bot:tok@example.test/x.git')).toBe('https://example.test/x.git');
    expect(withoutCredentials('https://tok@example.test/x.git?token=t')).toBe('https://example.test/x.git');
    expect(withoutCredentials('ssh://git:pw@example.test/x.git')).toBe('ssh://git@example.test/x.git');
    expect(withoutCredentials('git@example.test:org/c.git')).toBe('git@example.test:org/c.git');
    expect(withoutCredentials('/srv/a')).toBe('/srv/a');
  });

  it('credentialEnv rewrites the clean URL to the given one after any GIT_CONFIG_* already set', () => {
    expect(credentialEnv('https://example.test/x.git', 'https://example.test/x.git')).toEqual({});
    expect(
      credentialEnv('https://bot:tok@example.test/x.git', 'https://example.test/x.git', {
        GIT_CONFIG_COUNT: '1',
      }),
    ).toEqual({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_1: 'url.https://bot:tok@example.test/x.git.insteadOf',
      GIT_CONFIG_VALUE_1: 'https://example.test/x.git',
      GIT_CONFIG_KEY_2: 'credential.helper',
      GIT_CONFIG_VALUE_2: '',
    });
  });
});
