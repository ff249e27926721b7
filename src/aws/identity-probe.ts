import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { VERSION } from '../version.js';
import { toAwsCallError } from './aws-call-error.js';
import { SILENT_LOGGER, withoutSdkNodeWarning } from './sdk-warnings.js';

/** A candidate credential as found in the scanned text. */
export interface KeyPair {
  keyId: string;
  secret: string;
  sessionToken?: string | undefined;
}

/** What sts:GetCallerIdentity says about the pair that signed the call. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  requestId: string | undefined;
}

export interface IdentityProbeOptions {
  region: string;
  /** Per-request limit; it really fires (throwOnRequestTimeout plus an abort backstop). */
  timeoutMs: number;
  /** Overrides the SDK's endpoint resolution (which already honours AWS_ENDPOINT_URL_STS). */
  endpoint?: string | undefined;
  /** Sockets kept per host: the caller's concurrency bound. */
  maxSockets: number;
}

/**
 * Asks STS who a key pair is, signing with that very pair. One attempt per call and no
 * retries here: when to retry (throttling only) is the verification policy's business.
 * Failures are thrown as AwsCallError, whose `awsCode` and `kind` the policy reads.
 */
export interface IdentityProbe {
  callerIdentity(pair: KeyPair): Promise<CallerIdentity>;
  /** Closes the shared sockets so the process can exit at once. */
  close(): void;
}

/** Room for the handler's own timeout to fire first; the abort only catches what it misses (DNS, a stuck TLS handshake). */
const BACKSTOP_MS = 250;

export async function openIdentityProbe(options: IdentityProbeOptions): Promise<IdentityProbe> {
  const sdk = await import('@aws-sdk/client-sts');
  // One client per pair (credentials are per client), but the sockets are shared, so keep-alive
  // connections and the socket bound span the whole run.
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets });
  return {
    async callerIdentity(pair) {
      const client = withoutSdkNodeWarning(
        () =>
          new sdk.STSClient({
            region: options.region,
            ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            credentials: {
              accessKeyId: pair.keyId,
              secretAccessKey: pair.secret,
              ...(pair.sessionToken ? { sessionToken: pair.sessionToken } : {}),
            },
            maxAttempts: 1,
            // Appended to the SDK's agent so the key owner's CloudTrail names the tool honestly.
            customUserAgent: [['keysweep', VERSION]],
            requestHandler: {
              requestTimeout: options.timeoutMs,
              connectionTimeout: options.timeoutMs,
              // Since @smithy/node-http-handler 4.4 a request timeout only warns unless this is set.
              throwOnRequestTimeout: true,
              httpAgent,
              httpsAgent,
              logger: SILENT_LOGGER,
            },
          }),
      );
      // No client.destroy() afterwards: it would destroy the shared agents; close() does that once.
      try {
        const out = await client.send(new sdk.GetCallerIdentityCommand({}), {
          abortSignal: AbortSignal.timeout(options.timeoutMs + BACKSTOP_MS),
        });
        return {
          account: out.Account ?? '',
          arn: out.Arn ?? '',
          userId: out.UserId ?? '',
          requestId: out.$metadata.requestId,
        };
      } catch (err) {
        throw toAwsCallError(err, 'sts:GetCallerIdentity');
      }
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
