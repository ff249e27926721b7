import { plural } from '../model/plural.js';
import { formatBytes } from '../report/text-report.js';
import type { ScanProgress } from '../scan/scan-context.js';

export interface Progress {
  update(p: ScanProgress): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

/**
 * An ora spinner on stderr with live counts, only for a person watching: stderr is a TTY with a
 * width, not in CI, not --quiet. ora loads lazily so hooks and pipes never pay for it.
 */
export async function startProgress(quiet: boolean, label: string): Promise<Progress> {
  if (quiet || !process.stderr.isTTY || process.env['CI']) return NONE;
  // A terminal that reports no width (`script`, some `docker run -t`) sends ora into an endless
  // redraw loop (it divides by the column count): no spinner there.
  if (!process.stderr.columns) return NONE;
  const { default: ora } = await import('ora');
  const spinner = ora({ text: label, stream: process.stderr, discardStdin: false }).start();
  const started = Date.now();
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const secs = Math.max((now - started) / 1000, 0.001);
      const items =
        p.blobs > 0
          ? `${p.blobs}${p.total ? `/${p.total}` : ''} blob${(p.total ?? p.blobs) === 1 ? '' : 's'}`
          : plural(p.files, 'file');
      spinner.text = `${label}: ${items}, ${formatBytes(p.bytes)} (${(p.bytes / 1024 / 1024 / secs).toFixed(0)} MB/s), ${plural(p.findings, 'finding')}`;
      // Drawn now: while a big file is scanned on this thread, ora's timer cannot fire.
      spinner.render();
    },
    stop() {
      spinner.stop();
    },
  };
}
