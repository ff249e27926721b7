/**
 * keysweep as a library: scan, verify, revoke, and render reports. Typed, streaming via async
 * iterables, and quiet: nothing here prints, spins or exits; failures are thrown
 * KeysweepErrors (or rejected promises) and per-input problems are `report.issues`.
 */

export { type ScanHistoryOptions, scanHistory } from './api/history-api.js';
export {
  type OperatorOptions,
  type RevokeApiOptions,
  type RevokeOutcome,
  revoke,
  type VerifyOptions,
  type VerifyStats,
  verify,
} from './api/respond-api.js';
export { listRules, type RuleInfo } from './api/rules-api.js';
export {
  type ScanFilesOptions,
  type ScanStreamOptions,
  scanFiles,
  scanStream,
  scanText,
} from './api/scan-api.js';
export type { FindingStream, LibraryScanOptions } from './api/scan-stream.js';
export type { KeysweepConfig } from './config/keysweep-config.js';
export { readConfig } from './config/parse-config.js';
export { accountFromKeyId, type KeyIdType, keyIdType } from './model/aws-key-id.js';
export { AwsError, ConfigError, EXIT, GitError, KeysweepError, UsageError } from './model/errors.js';
export type { Finding, FindingKind, Occurrence, Severity } from './model/finding.js';
export type {
  CommitInfo,
  FileLocation,
  GitLocation,
  Location,
  StagedLocation,
  StdinLocation,
} from './model/location.js';
export { formatLocation } from './model/location.js';
export type { Report, RunInfo, ScanIssue, ScanStats } from './model/report.js';
export { redact, Secret } from './model/secret.js';
export type { Verification, VerificationStatus } from './model/verification.js';
export {
  applyBaseline,
  type Baseline,
  parseBaseline,
  readBaseline,
  renderBaseline,
} from './report/baseline.js';
export { renderGitlab, toGitlab } from './report/gitlab-report.js';
export { renderJson, toJsonReport } from './report/json-report.js';
export { renderMarkdown } from './report/markdown-report.js';
export { renderSarif, toSarif } from './report/sarif-report.js';
export { renderText } from './report/text-report.js';
