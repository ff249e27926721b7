import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKeyId, fakeSecret } from '../support/fake-keys.js';
import { type GitHttpServer, startGitHttpServer } from '../support/git-http-server.js';
import { TestRepo } from '../support/git-repo.js';
import { runCli } from '../support/run-cli.js';

/**
 * e2e: a repository URL with a token in it (`http://bot:TOKEN@host/app.git`), swept from a
 * loopback git HTTP server that demands the token. The token must reach the server on clone
 * and on fetch, and never be written: not in the mirror, not in a report, not on stderr, not
 * to a credential helper the user has configured.
 */
const TOKEN = 'ghp_sweepTokenThatMustNeverBeStored0123';
const ID = fakeKeyId('sweep-cred');
const SECRET = fakeSecret('sweep-cred');

let repo: TestRepo;
let server: GitHttpServer;
let helperFile: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  repo = TestRepo.create();
  repo.commit({ '.env': `aws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n` });
  server = await startGitHttpServer({ '/app.git': join(repo.dir, '.git') }, { user: 'bot', password: TOKEN });
  // A user whose git stores every credential it sees: the sweep must not feed it the token.
  helperFile = join(repo.root, 'git-credentials');
  writeFileSync(
    join(repo.root, 'gitconfig'),
    `${readFileSync(join(repo.root, 'gitconfig'), 'utf8')}[credential]\n\thelper = store --file ${helperFile}\n`,
  );
  env = repo.cliEnv({
    http_proxy: undefined,
    https_proxy: undefined,
    HTTP_PROXY: undefined,
    HTTPS_PROXY: undefined,
    ALL_PROXY: undefined,
    all_proxy: undefined,
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
  });
});

afterAll(async () => {
  await server.close();
  repo.cleanup();
});

/** Every file under a folder, as text. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, 'latin1'))
    .join('\n');
}

const sweep = (list: string) => {
  writeFileSync(join(repo.root, 'repos.txt'), `${list}\n`);
  return runCli(['sweep', '--repos', 'repos.txt', '--out', 'reports', '--workdir', 'mirrors'], {
    cwd: repo.root,
    env,
  });
};

describe('keysweep sweep with a token in the URL', () => {
  it('clones and fetches with the token, and stores it nowhere', async () => {
    const url = `${server.url.replace('://', `://bot:${TOKEN}@`)}/app.git`;
    const first = await sweep(url);
    expect(first.stderr).toContain(': cloned, 1 finding');
    expect(first.code).toBe(1);
    const second = await sweep(url);
    expect(second.stderr).toContain(': updated, 1 finding');
    // Each run reached the server with the token.
    expect(server.authorizations.filter((a) => a !== undefined).length).toBeGreaterThanOrEqual(2);

    const mirrors = join(repo.root, 'mirrors');
    const [mirror] = readdirSync(mirrors);
    const config = readFileSync(join(mirrors, mirror!, 'config'), 'utf8');
    expect(config).toContain(`url = ${server.url}/app.git`);
    expect(allText(mirrors)).not.toContain(TOKEN);
    expect(allText(join(repo.root, 'reports'))).not.toContain(TOKEN);
    expect(`${first.stderr}${second.stderr}`).not.toContain(TOKEN);
    expect(() => readFileSync(helperFile, 'utf8')).toThrow();
  });

  it('a mirror cached by an older version, token in its config, loses the token on the next sweep', async () => {
    const url = `${server.url.replace('://', `://bot:${TOKEN}@`)}/app.git`;
    const mirrors = join(repo.root, 'mirrors');
    const dir = join(mirrors, readdirSync(mirrors)[0]!);
    repo.git('--git-dir', dir, 'config', 'remote.origin.url', url);
    expect((await sweep(url)).stderr).toContain(': updated, 1 finding');
    expect(allText(mirrors)).not.toContain(TOKEN);
  });

  it('a wrong token fails the repository with the token masked, in the message and in its report', async () => {
    rmSync(join(repo.root, 'reports'), { recursive: true, force: true });
    const wrong = 'ghp_wrongTokenAlsoSecret0123456789';
    const r = await sweep(`${server.url.replace('://', `://bot:${wrong}@`)}/other.git?access_token=${wrong}`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('FAILED: ');
    expect(r.stderr).toContain('://bot:***@127.0.0.1');
    expect(r.stderr).toContain('?access_token=***');
    expect(r.stderr).not.toContain(wrong);
    expect(allText(join(repo.root, 'reports'))).not.toContain(wrong);
    expect(allText(join(repo.root, 'mirrors'))).not.toContain(wrong);
  });
});
