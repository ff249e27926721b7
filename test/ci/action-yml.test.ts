// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} here is GitHub expression text, not a template
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The composite GitHub Action at the repository root: its shape, as GitHub reads it. */
const ACTION = fileURLToPath(new URL('../../action.yml', import.meta.url));

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(ACTION, 'utf8')) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};

describe('action.yml', () => {
  it('is a composite action with the documented inputs, all with defaults', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['args', 'category', 'fail-on', 'sarif-file', 'sarif-scope', 'upload', 'verify', 'version'].sort(),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.default, name).toBeDefined();
    }
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.scan.outputs.exit-code }}');
  });

  it('runs keysweep ci (and history for the SARIF), inputs passed as environment variables only', () => {
    const scan = action.runs.steps.find((s) => s.id === 'scan')!;
    expect(scan.shell).toBe('bash');
    expect(scan.run).toContain('args=(ci --fail-on "$KEYSWEEP_FAIL_ON")');
    expect(scan.run).toContain(
      'keysweep history --branch HEAD --quiet --format sarif --output "$KEYSWEEP_SARIF"',
    );
    expect(scan.run).toContain('npx --yes "keysweep@${KEYSWEEP_VERSION}"');
    // No ${{ }} expression inside a script: an input must never become shell code.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
    expect(scan.env).toMatchObject({
      KEYSWEEP_VERSION: '${{ inputs.version }}',
      KEYSWEEP_FAIL_ON: '${{ inputs.fail-on }}',
      KEYSWEEP_VERIFY: '${{ inputs.verify }}',
      KEYSWEEP_SARIF_SCOPE: '${{ inputs.sarif-scope }}',
    });
  });

  it('uploads the SARIF file with codeql-action, then gives the verdict', () => {
    const names = action.runs.steps.map((s) => s.uses ?? s.id ?? s.name);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with).toEqual({
      sarif_file: '${{ inputs.sarif-file }}',
      category: '${{ inputs.category }}',
    });
    expect(upload.if).toContain('always()');
    expect(names.indexOf(upload.uses)).toBeLessThan(action.runs.steps.length - 1);
    const verdict = action.runs.steps.at(-1)!;
    expect(verdict.env).toEqual({ KEYSWEEP_EXIT: '${{ steps.scan.outputs.exit-code }}' });
    expect(verdict.run).toContain('exit "$KEYSWEEP_EXIT"');
  });
});
