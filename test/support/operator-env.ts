import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAws, FakeKey } from './fake-aws/server.js';

/**
 * An operator's environment pointed at the fake endpoint: credentials in the standard
 * variables, endpoints through AWS_ENDPOINT_URL_STS/IAM, and an empty HOME so no real
 * ~/.aws file or instance metadata is ever consulted.
 */
export interface OperatorSandbox {
  home: string;
  env(
    fake: FakeAws | { url: string },
    key: Pick<FakeKey, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>,
  ): Record<string, string>;
  cleanup(): void;
}

export function makeOperatorSandbox(): OperatorSandbox {
  const home = mkdtempSync(join(tmpdir(), 'keysweep-operator-'));
  return {
    home,
    env(fake, key) {
      return {
        HOME: home,
        USERPROFILE: home,
        AWS_CONFIG_FILE: join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        ...(key.sessionToken ? { AWS_SESSION_TOKEN: key.sessionToken } : {}),
        AWS_ENDPOINT_URL_STS: fake.url,
        AWS_ENDPOINT_URL_IAM: fake.url,
      };
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Variables that would let the SDK find real credentials or endpoints: removed in every test. */
const LEAKY = /^AWS_|^HOME$|^USERPROFILE$/;

/** Replaces the AWS part of process.env for in-process tests; returns the restore function. */
export function useProcessEnv(env: Record<string, string>): () => void {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (LEAKY.test(k)) delete process.env[k];
  Object.assign(process.env, env);
  return () => {
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}

/** A child-process environment: the essentials plus the sandbox, nothing AWS from the parent. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !LEAKY.test(k)) base[k] = v;
  }
  return { ...base, NO_COLOR: '1', ...env };
}
