import { AwsError } from '../model/errors.js';

/**
 * What went wrong with one operator-credential call, in the terms a responder acts on:
 * - `credentials`: no operator credentials, or AWS does not accept them (expired, unknown);
 * - `denied`: the operator lacks the permission;
 * - `not-found`: the user, key or report does not exist;
 * - `throttled`: still throttled after the SDK's retries;
 * - `unreachable`: connection refused, DNS, timeout;
 * - `server`: a 5xx from AWS;
 * - `other`: anything else (validation errors, limits).
 */
export type AwsFailureKind =
  | 'credentials'
  | 'denied'
  | 'not-found'
  | 'throttled'
  | 'unreachable'
  | 'server'
  | 'other';

/** A failed AWS call with the operator's credentials. Never holds a secret: only codes, ARNs, request ids. */
export class AwsCallError extends AwsError {
  readonly kind: AwsFailureKind;
  readonly operation: string;
  /** The AWS error code (`AccessDenied`, `NoSuchEntity`, ...) or the network error code. */
  readonly awsCode: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(init: {
    kind: AwsFailureKind;
    operation: string;
    awsCode: string;
    detail: string;
    requestId?: string | undefined;
    httpStatus?: number | undefined;
    /** Overrides the hint the kind and operation would give. */
    hint?: string;
    cause?: unknown;
  }) {
    super(
      `aws-${init.kind}`,
      `${init.operation} failed: ${init.awsCode}: ${init.detail}`,
      init.hint ?? hintFor(init.kind, init.operation, init.detail),
      init.cause,
    );
    this.kind = init.kind;
    this.operation = init.operation;
    this.awsCode = init.awsCode;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
  }
}

const HINTS: Record<AwsFailureKind, string> = {
  credentials:
    'check the operator credentials (--profile, AWS_PROFILE, `aws sso login`, or environment variables) and that they are not expired',
  denied: 'the operator needs the IAM permission named above; use an incident-response role (--role-arn)',
  'not-found': 'check the name or key id; it may already have been deleted',
  throttled: 'AWS is throttling these calls; wait a minute and run the command again',
  unreachable: 'check the network, proxy and AWS_ENDPOINT_URL* settings, then run the command again',
  server: 'AWS returned a server error; run the command again in a moment',
  other: 'see the AWS error above',
};

/**
 * AssumeRole is denied for the role's trust policy or MFA, not for a missing IAM permission:
 * pointing at --role-arn there would send the responder in a circle.
 */
function hintFor(kind: AwsFailureKind, operation: string, detail: string): string {
  if (kind === 'denied' && operation === 'sts:AssumeRole') {
    return /MultiFactorAuthentication/i.test(detail)
      ? 'the MFA code was refused: check --mfa-serial names your MFA device and pass the code it shows now (each code works once)'
      : "the role's trust policy must let the operator assume it; if it requires MFA, pass --mfa-serial and --mfa-code";
  }
  return HINTS[kind];
}

const CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
  'InvalidIdentityToken',
]);

const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'InvalidAuthorizationMessageException',
]);

const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

const NOT_FOUND_CODES = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ReportNotPresent']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError', 'RequestTimeoutException']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  cause?: unknown;
}

/** Turns whatever the SDK threw into an AwsCallError. Already-classified errors pass through. */
export function toAwsCallError(err: unknown, operation: string): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const netCode = networkCode(err);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const requestId = typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined;
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const awsCode = netCode ?? name;
  const kind = classify(name, netCode, status, e.$fault);
  return new AwsCallError({
    kind,
    operation,
    awsCode,
    detail: firstLine(message),
    requestId,
    httpStatus: status,
    cause: err,
  });
}

function classify(
  name: string,
  netCode: string | undefined,
  status: number | undefined,
  fault: unknown,
): AwsFailureKind {
  if (netCode !== undefined || NETWORK_NAMES.has(name)) return 'unreachable';
  if (CREDENTIAL_CODES.has(name)) return 'credentials';
  if (DENIED_CODES.has(name)) return 'denied';
  if (THROTTLE_CODES.has(name) || status === 429) return 'throttled';
  if (NOT_FOUND_CODES.has(name)) return 'not-found';
  if ((status !== undefined && status >= 500) || fault === 'server') return 'server';
  if (status === 403) return 'denied';
  return 'other';
}

/** Node network errors carry `code`; the SDK sometimes wraps them, so look one level down too. */
function networkCode(err: unknown): string | undefined {
  for (let cur: unknown = err, depth = 0; cur && depth < 3; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const c = (inner as { code?: unknown })?.code;
        if (typeof c === 'string' && NETWORK_CODES.has(c)) return c;
      }
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? s;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
