import { execFileSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The Authorization header of each request, in order (undefined when none was sent). */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A loopback git server over git's "dumb" HTTP protocol (static files of a repository's .git
 * folder), behind HTTP Basic auth: enough to prove a clone or fetch carried the credentials.
 * `repos` maps a URL path (`/app.git`) to a git directory; update-server-info is run for each.
 */
export async function startGitHttpServer(
  repos: Record<string, string>,
  auth: { user: string; password: string },
): Promise<GitHttpServer> {
  for (const gitDir of Object.values(repos)) execFileSync('git', ['--git-dir', gitDir, 'update-server-info']);
  const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const authorizations: (string | undefined)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    authorizations.push(req.headers.authorization);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = Object.keys(repos).find((p) => path.startsWith(`${p}/`));
    const root = prefix === undefined ? undefined : repos[prefix];
    const file = root === undefined ? '' : normalize(join(root, path.slice(prefix!.length)));
    // Only files inside the repository: a `..` in the path gets a 404.
    if (root === undefined || !file.startsWith(root) || !isFile(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
