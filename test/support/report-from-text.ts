import type { Location } from '../../src/model/location.js';
import type { Report } from '../../src/model/report.js';
import { loadRules } from '../../src/rules/load-rules.js';
import { ScanContext } from '../../src/scan/scan-context.js';

const ruleSet = loadRules();

/**
 * A report built the way a scan builds it: each text goes through the real detector and the
 * real finding collector, with no file system in between. For renderer and baseline tests.
 */
export function reportFromTexts(
  texts: Record<string, string>,
  options: { kind?: 'file' | 'stdin'; canaries?: Iterable<string> } = {},
): Report {
  const ctx = new ScanContext(ruleSet, new Set(options.canaries ?? []));
  for (const [path, text] of Object.entries(texts)) {
    const location: Location =
      options.kind === 'stdin' ? { kind: 'stdin', path: '-' } : { kind: 'file', path };
    ctx.stats.files++;
    ctx.stats.bytes += Buffer.byteLength(text);
    ctx.detect({ location, text, startLine: 1 });
  }
  return {
    tool: { name: 'keysweep', version: '0.1.0' },
    run: {
      command: 'scan',
      roots: ['.'],
      startedAt: '2024-03-14T09:26:53.589Z',
      finishedAt: '2024-03-14T09:26:54.100Z',
    },
    stats: ctx.stats,
    findings: ctx.collector.findings(),
    issues: ctx.issues,
  };
}
