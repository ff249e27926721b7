import { VERSION } from '../version.js';

/** How to reach AWS as the operator. Credentials come from the SDK's default chain. */
export interface OperatorClientSettings {
  /** A named profile from ~/.aws/config or ~/.aws/credentials (SSO profiles included). */
  profile?: string | undefined;
  region: string;
  /** Total attempts per call, retries included; the SDK backs off on throttling and 5xx. */
  maxAttempts: number;
  /** Per-request time limit; the SDK only warns on a timeout unless told to throw. */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_OPERATOR_SETTINGS: Omit<OperatorClientSettings, 'region'> = {
  maxAttempts: 3,
  requestTimeoutMs: 15_000,
  connectTimeoutMs: 5_000,
};

/**
 * IAM is a global service served from us-east-1 in the commercial partition; STS answers in any
 * Region. So the operator's configured Region is honoured but us-east-1 is a safe default.
 */
export function defaultOperatorRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
}

/**
 * The client configuration shared by the operator's STS and IAM clients. Endpoints are left to
 * the SDK, which honours AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL.
 */
export function operatorClientConfig(settings: OperatorClientSettings) {
  return {
    region: settings.region,
    ...(settings.profile ? { profile: settings.profile } : {}),
    maxAttempts: settings.maxAttempts,
    // Appended to the SDK's own agent, so the key owner's CloudTrail names the tool honestly.
    customUserAgent: [['keysweep', VERSION]] as [string, string][],
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.connectTimeoutMs,
      // Since @smithy/node-http-handler 4.4 a request timeout only warns unless this is set.
      throwOnRequestTimeout: true,
    },
  };
}
