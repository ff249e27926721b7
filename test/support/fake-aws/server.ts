/**
 * A local AWS endpoint for tests: STS and IAM over the Query API on 127.0.0.1, answering in the
 * real XML shapes so the real SDK v3 parses them, and recomputing every request's SigV4
 * signature from its own key table (never trusting the SDK's signer).
 *
 *   const aws = await startFakeAws({ keys: [{ account: '123456789012', userName: 'alice' }] });
 *   const key = aws.state.keys.values().next().value;      // or: const key = aws.addKey({...})
 *   new STSClient({ endpoint: aws.url, region: 'us-east-1', credentials: {...} })
 *   // or in a child process: env: { ...process.env, ...aws.env() }
 *   aws.requests      // log: { time, service, operation, accessKeyId, userAgent, params, status, errorCode }
 *   aws.addFault({ kind: 'throttle', accessKeyId: key.accessKeyId, times: 2 })
 *   await aws.close()
 *
 * Tables (aws.state, see state.ts): keys (id -> secret, session token, account, arn, userId,
 * userName, Active/Inactive, expiry, last use), users (attached policies), roles (MFA, trust,
 * inline policies), credential reports. addKey({account}) makes an AKIA id that encodes the
 * account (ASIA with a token when `session: true`); makeKeyId(account) in key-ids.ts does the same.
 *
 * Authentication, like AWS: unknown or inactive key id, missing/wrong/unexpected session token
 * -> 403 InvalidClientTokenId; session past expiresAt -> 403 ExpiredToken; wrong secret or bad
 * signature -> 403 SignatureDoesNotMatch; no Authorization -> 403 MissingAuthenticationToken.
 *
 * Operations. STS: GetCallerIdentity, GetAccessKeyInfo, AssumeRole (SerialNumber/TokenCode are
 * in the request log's params; returns session credentials that are then accepted). IAM (acting
 * in the caller's account; UserName defaults to the caller's user): GetAccessKeyLastUsed,
 * UpdateAccessKey, ListAccessKeys, DeleteAccessKey, AttachUserPolicy, ListAttachedUserPolicies,
 * PutRolePolicy, GenerateCredentialReport, GetCredentialReport, GetUser.
 *
 * Eventual consistency: set `aws.state.staleReadsAfterUpdate = n` and ListAccessKeys shows a
 * key's old status n more times after each UpdateAccessKey.
 *
 * Faults (faults.ts), global or per key id and/or operation, optionally `times` then off:
 * error500, throttle (400 Throttling), hang (never answers), reset (drops the connection),
 * deny (403 AccessDenied after authentication). `latencyMs` delays every answer so concurrency
 * is observable: `maxInFlight` and `maxInFlightFor(keyId)` report the peaks seen.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type Operation } from './api-error.js';
import { type Fault, type FaultInit, takeFault } from './faults.js';
import { IAM_OPERATIONS, IAM_VERSION } from './iam.js';
import { type ParsedAuthorization, parseAuthorization, verifySignature } from './sigv4.js';
import {
  FakeAwsState,
  type FakeKey,
  type FakeKeyInit,
  type FakeRole,
  type FakeRoleInit,
  type FakeUser,
  type FakeUserInit,
} from './state.js';
import { STS_OPERATIONS, STS_VERSION } from './sts.js';
import { errorXml, type ServiceName, successXml } from './xml.js';

export type { Fault, FaultInit } from './faults.js';
export { makeKeyId, makeSecret, makeSessionToken } from './key-ids.js';
export type { FakeKey, FakeKeyInit, FakeRole, FakeRoleInit, FakeUser, FakeUserInit } from './state.js';

export interface FakeAwsOptions {
  keys?: FakeKeyInit[];
  users?: FakeUserInit[];
  roles?: FakeRoleInit[];
  faults?: FaultInit[];
  /** Delay before every answer (ms). */
  latencyMs?: number;
  /** Clock for expiry checks and timestamps. */
  now?: () => Date;
}

export interface FakeRequest {
  time: Date;
  /** From the signature's credential scope, else guessed from the Action. */
  service: ServiceName | undefined;
  operation: string;
  accessKeyId: string | undefined;
  userAgent: string;
  amzUserAgent: string | undefined;
  /** The form parameters (Action, Version, and the operation's own). */
  params: Record<string, string>;
  /** HTTP status answered; undefined while pending, or forever for hang/reset. */
  status?: number;
  errorCode?: string;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: give it to the SDK as `endpoint`. */
  readonly url: string;
  readonly state: FakeAwsState;
  readonly requests: FakeRequest[];
  latencyMs: number;
  readonly inFlight: number;
  readonly maxInFlight: number;
  maxInFlightFor(accessKeyId: string): number;
  requestsFor(accessKeyId: string): FakeRequest[];
  addKey(init: FakeKeyInit): FakeKey;
  addUser(init: FakeUserInit): FakeUser;
  addRole(init: FakeRoleInit): FakeRole;
  addFault(init: FaultInit): Fault;
  clearFaults(): void;
  /** Endpoint variables for a child process: AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_IAM. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const SERVICES: Record<ServiceName, { version: string; operations: Record<string, Operation> }> = {
  sts: { version: STS_VERSION, operations: STS_OPERATIONS },
  iam: { version: IAM_VERSION, operations: IAM_OPERATIONS },
};

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function serviceOf(auth: ParsedAuthorization | undefined, action: string): ServiceName | undefined {
  if (auth?.service === 'sts' || auth?.service === 'iam') return auth.service;
  if (action in STS_OPERATIONS) return 'sts';
  if (action in IAM_OPERATIONS) return 'iam';
  return undefined;
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = new FakeAwsState();
  for (const u of options.users ?? []) state.ensureUser(u);
  for (const k of options.keys ?? []) state.addKey(k);
  for (const r of options.roles ?? []) state.addRole(r);
  const faults: Fault[] = (options.faults ?? []).map((f) => ({ ...f, fired: 0 }));
  const requests: FakeRequest[] = [];
  const now = options.now ?? (() => new Date());
  let inFlight = 0;
  let maxInFlight = 0;
  const inFlightByKey = new Map<string, number>();
  const maxByKey = new Map<string, number>();
  let closed = false;

  let url = '';

  const fake: FakeAws = {
    get url() {
      return url;
    },
    state,
    requests,
    latencyMs: options.latencyMs ?? 0,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    maxInFlightFor: (id) => maxByKey.get(id) ?? 0,
    requestsFor: (id) => requests.filter((r) => r.accessKeyId === id),
    addKey: (init) => state.addKey(init),
    addUser: (init) => state.ensureUser(init),
    addRole: (init) => state.addRole(init),
    addFault(init) {
      const f = { ...init, fired: 0 };
      faults.push(f);
      return f;
    },
    clearFaults() {
      faults.length = 0;
    },
    env: () => ({ AWS_ENDPOINT_URL_STS: fake.url, AWS_ENDPOINT_URL_IAM: fake.url }),
    close: async () => {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function track(keyId: string | undefined, delta: 1 | -1): void {
    inFlight += delta;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (keyId === undefined) return;
    const n = (inFlightByKey.get(keyId) ?? 0) + delta;
    inFlightByKey.set(keyId, n);
    maxByKey.set(keyId, Math.max(maxByKey.get(keyId) ?? 0, n));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const params = new URLSearchParams(
      req.method === 'POST' ? body.toString('utf8') : q < 0 ? '' : target.slice(q + 1),
    );
    const action = params.get('Action') ?? '';
    const auth = parseAuthorization(req.headers.authorization);
    const entry: FakeRequest = {
      time: now(),
      service: serviceOf(auth, action),
      operation: action,
      accessKeyId: auth?.accessKeyId,
      userAgent: req.headers['user-agent'] ?? '',
      amzUserAgent: req.headers['x-amz-user-agent'] as string | undefined,
      params: Object.fromEntries(params),
    };
    requests.push(entry);
    const service: ServiceName = entry.service ?? 'sts';
    track(entry.accessKeyId, 1);
    let tracked = true;
    const untrack = () => {
      if (tracked) track(entry.accessKeyId, -1);
      tracked = false;
    };
    res.on('close', untrack);

    const send = (status: number, xml: string, code?: string) => {
      const answer = () => {
        if (closed || res.destroyed) return;
        entry.status = status;
        if (code) entry.errorCode = code;
        res.writeHead(status, {
          'content-type': 'text/xml',
          'x-amzn-requestid': randomUUID(),
          date: now().toUTCString(),
        });
        res.end(xml);
      };
      if (fake.latencyMs > 0) setTimeout(answer, fake.latencyMs);
      else answer();
    };
    const fail = (err: ApiError) =>
      send(err.status, errorXml(service, err.status, err.code, err.message), err.code);

    const transport = takeFault(faults, 'transport', entry.accessKeyId, action);
    if (transport?.kind === 'hang') return;
    if (transport?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (transport?.kind === 'error500') {
      return fail(
        new ApiError(
          500,
          'InternalFailure',
          'The request processing has failed because of an unknown error, exception or failure.',
        ),
      );
    }
    if (transport?.kind === 'throttle') return fail(new ApiError(400, 'Throttling', 'Rate exceeded'));

    try {
      const caller = authenticate(req, body, auth, action);
      const spec = entry.service ? SERVICES[entry.service] : undefined;
      const operation = spec?.operations[action];
      if (!spec || !operation) {
        throw new ApiError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      if (params.get('Version') !== spec.version) {
        throw new ApiError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      if (takeFault(faults, 'authorized', caller.accessKeyId, action)) {
        throw new ApiError(
          403,
          'AccessDenied',
          `User: ${caller.arn} is not authorized to perform: ${service}:${action}`,
        );
      }
      const at = now();
      const result = operation({ state, caller, params, now: at });
      caller.lastUsed = { date: at, service, region: auth?.region ?? 'us-east-1' };
      send(200, successXml(service, action, result));
    } catch (err) {
      if (err instanceof ApiError) return fail(err);
      const message = err instanceof Error ? err.message : String(err);
      fail(new ApiError(500, 'InternalFailure', `fake-aws bug: ${message}`));
    }
  }

  function authenticate(
    req: IncomingMessage,
    body: Buffer,
    auth: ParsedAuthorization | undefined,
    action: string,
  ): FakeKey {
    if (req.headers.authorization === undefined) {
      throw new ApiError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    if (!auth)
      throw new ApiError(
        400,
        'IncompleteSignature',
        `Authorization header requires a valid SigV4 signature (${action})`,
      );
    if (auth.service !== 'sts' && auth.service !== 'iam') {
      throw new ApiError(
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${auth.service}'.`,
      );
    }
    const key = state.keys.get(auth.accessKeyId);
    const token = req.headers['x-amz-security-token'];
    if (key?.status !== 'Active' || token !== key.sessionToken) {
      throw new ApiError(403, 'InvalidClientTokenId', INVALID_TOKEN);
    }
    if (key.expiresAt && now().getTime() >= key.expiresAt.getTime()) {
      throw new ApiError(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    const check = verifySignature(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      auth,
      key.secretAccessKey,
    );
    if (!check.ok) throw new ApiError(403, 'SignatureDoesNotMatch', BAD_SIGNATURE);
    return key;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return fake;
}
