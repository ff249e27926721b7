import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * SigV4 verification written from the AWS General Reference ("Create a signed AWS API
 * request"), independent of the SDK's signer, so a signing bug on our side cannot hide behind
 * the same bug in the checker.
 */

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  /** The raw request target: path plus optional query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** Undefined when the header is not a well-formed SigV4 Authorization header. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = header ? AUTH_RE.exec(header.trim()) : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(';'),
    signature: m[6]!,
  };
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  // Non-S3 services encode each path segment (the Query API always posts to "/").
  return path
    .split('/')
    .map((seg) => encodeRfc3986(decodeURIComponent(seg)))
    .join('/');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs = query
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const i = p.indexOf('=');
      const k = decodeURIComponent(i < 0 ? p : p.slice(0, i));
      const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, ' '));
      return [encodeRfc3986(k), encodeRfc3986(v)] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  const joined = Array.isArray(v) ? v.join(',') : (v ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function canonicalRequest(req: SignedRequest, signedHeaders: readonly string[]): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const headerLines = signedHeaders.map((h) => `${h}:${headerValue(req.headers, h)}\n`).join('');
  return [
    req.method.toUpperCase(),
    canonicalUri(path || '/'),
    canonicalQuery(query),
    headerLines,
    signedHeaders.join(';'),
    sha256Hex(req.body),
  ].join('\n');
}

export function signingKey(secret: string, auth: ParsedAuthorization): Buffer {
  const kDate = hmac(`AWS4${secret}`, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  return hmac(kService, 'aws4_request');
}

export function expectedSignature(req: SignedRequest, auth: ParsedAuthorization, secret: string): string {
  const amzDate = headerValue(req.headers, 'x-amz-date');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonicalRequest(req, auth.signedHeaders)),
  ].join('\n');
  return createHmac('sha256', signingKey(secret, auth)).update(stringToSign, 'utf8').digest('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Recomputes the signature with `secret` and compares; also checks the scope's date and headers. */
export function verifySignature(
  req: SignedRequest,
  auth: ParsedAuthorization,
  secret: string,
): SignatureCheck {
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) return { ok: false, reason: 'missing or malformed X-Amz-Date' };
  if (amzDate.slice(0, 8) !== auth.date)
    return { ok: false, reason: 'credential scope date differs from X-Amz-Date' };
  if (!auth.signedHeaders.includes('host')) return { ok: false, reason: 'host is not a signed header' };
  const claimed = req.headers['x-amz-content-sha256'];
  if (typeof claimed === 'string' && claimed !== sha256Hex(req.body)) {
    return { ok: false, reason: 'x-amz-content-sha256 does not match the body' };
  }
  if (
    req.headers['x-amz-security-token'] !== undefined &&
    !auth.signedHeaders.includes('x-amz-security-token')
  ) {
    return { ok: false, reason: 'x-amz-security-token is not signed' };
  }
  const expected = Buffer.from(expectedSignature(req, auth, secret), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'signature mismatch' };
}
