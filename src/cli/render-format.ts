import type { Report } from '../model/report.js';

export const FORMAT_NAMES = ['text', 'json', 'sarif', 'gitlab', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface RenderOptions {
  showSecrets: boolean;
  color: boolean;
  /** The --patterns folders of the run: SARIF lists their rules with help text. */
  patterns: readonly string[];
  /** Put before file-scan paths in SARIF and GitLab reports, which resolve paths from the repository top. */
  checkoutPrefix?: string;
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
      const [{ renderSarif }, { loadBuiltinSpecs, loadRuleSpecs }, { prefixFilePaths }] = await Promise.all([
        import('../report/sarif-report.js'),
        import('../rules/load-rules.js'),
        import('../report/prefix-file-paths.js'),
      ]);
      const rules = [...loadBuiltinSpecs(), ...loadRuleSpecs(options.patterns)];
      return renderSarif(prefixFilePaths(report, options.checkoutPrefix ?? ''), { rules });
    }
    case 'gitlab': {
      const [{ renderGitlab }, { prefixFilePaths }] = await Promise.all([
        import('../report/gitlab-report.js'),
        import('../report/prefix-file-paths.js'),
      ]);
      return renderGitlab(prefixFilePaths(report, options.checkoutPrefix ?? ''));
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
