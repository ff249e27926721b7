/**
 * What `keysweep init` writes: every setting, commented, with safe defaults left active.
 * A test parses it, as written and with every example uncommented, so the starter can never
 * drift from what the parser accepts.
 */
export const STARTER_CONFIG = `# keysweep settings for this repository.
# Flags on the command line win over this file; this file wins over the defaults.
# Relative paths are relative to this file's folder.

# Places never reported (gitignore-style globs, relative to this folder).
exclude:
  - node_modules/
  # - test/fixtures/
  # - "*.min.js"

# Extra rule folders (one YAML rule per file; see patterns/README.md in keysweep).
# patterns:
#   - .keysweep/patterns

# Extra lists of canary-token accounts (YAML: accounts: [123456789012, ...]).
# Keys of these accounts are marked canary and never sent to AWS.
# canary-accounts:
#   - .keysweep/canaries.yaml

# Findings the team has reviewed and accepted. Each needs a reason. Allow by fingerprint
# (from a report: --format json) or by access key id; never put a secret in this file.
# Uncomment an example and put in your own value: nothing else needs to change.
allow:
#  - fingerprint: "0000000000000000000000000000000000000000000000000000000000000000"
#    reason: documentation example, never issued
#  - key-id: AKIAXXXXXXXXXXXXXXXX
#    reason: revoked on 2024-03-14, kept in history on purpose (INC-123)

# Exit 1 only for findings at or above: any, live (needs --verify), low, medium, high, critical.
fail-on: any

# Findings in this file (keysweep baseline FILE, or any keysweep JSON report) are not reported.
# baseline: .keysweep-baseline.json

# Live checks with --verify (sts:GetCallerIdentity, which needs no permission and changes nothing).
verify:
  # accounts: ["123456789012"]        # verify only keys of these accounts
  # skip-accounts: ["210987654321"]   # never send keys of these accounts to AWS
  concurrency: 4
  timeout: 5000                       # milliseconds per request
`;
