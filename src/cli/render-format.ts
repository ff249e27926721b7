import type { Report } from '../model/report.js';

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'gitlab', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface RenderOptions {
  showSecrets: boolean;
  color: boolean;
  /** The --patterns folders of the run: SARIF lists their rules with help text. */
  patterns: readonly string[];
}

/**
 * Renders a report in the asked format. Each renderer loads on demand, so the pre-commit
 * path (text) never parses what it does not print. Only text and JSON ever reveal secrets
 * (with --show-secrets): SARIF, GitLab and markdown go to shared places and stay redacted.
 */
export async function renderReportAs(
  report: Report,
  format: FormatName,
  options: RenderOptions,
): Promise<string> {
  switch (format) {
    case 'json': {
      const { renderJson } = await import('../report/json-report.js');
      return renderJson(report, { showSecrets: options.showSecrets });
    }
    case 'sarif': {
      const [{ renderSarif }, { loadBuiltinSpecs, loadRuleSpecs }] = await Promise.all([
        import('../report/sarif-report.js'),
        import('../rules/load-rules.js'),
      ]);
      const rules = [...loadBuiltinSpecs(), ...loadRuleSpecs(options.patterns)];
      return renderSarif(report, { rules });
    }
    case 'gitlab': {
      const { renderGitlab } = await import('../report/gitlab-report.js');
      return renderGitlab(report);
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../report/markdown-report.js');
      return renderMarkdown(report);
    }
    case 'text': {
      const { renderText } = await import('../report/text-report.js');
      return renderText(report, { color: options.color, showSecrets: options.showSecrets });
    }
  }
}
