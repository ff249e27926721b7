// Compares the two ways detection reads a text on every file of a folder: by spots around seeds
// (what scans do with the built-in rules) and whole (what they do with --patterns). Any
// difference is a bug in src/detect/find-seeds.ts, spots.ts or seed-plan.ts.
//
//   npm run build && node scripts/compare-readings.mjs DIR [--limit-mb N]
//
// Exit 0 when every file reads the same, 1 when some do not (the first few are printed).
import { readFileSync } from 'node:fs';
import { detectBytes } from '../dist/detect/detect-bytes.js';
import { detectChunk } from '../dist/detect/detect-chunk.js';
import { loadRules } from '../dist/rules/load-rules.js';
import { sniffEncoding } from '../dist/sources/decode-bytes.js';
import { resolveRoots, walkTree } from '../dist/sources/files/walk-tree.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const limitAt = args.indexOf('--limit-mb');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) * 1e6 : Number.POSITIVE_INFINITY;
if (!dir) {
  console.error('usage: node scripts/compare-readings.mjs DIR [--limit-mb N]');
  process.exit(2);
}

const rules = loadRules();
const parts = ['keyId', 'secret', 'token', 'generic'];
const places = (matches) =>
  matches
    .map((m) =>
      parts.map((p) => (m[p] ? `${p}=${m[p].value.reveal()}@${m[p].line}:${m[p].column}` : '-')).join(' '),
    )
    .sort();

let files = 0;
let bytes = 0;
let differ = 0;
for (const item of walkTree(resolveRoots([dir]), {})) {
  if (item.type !== 'file') continue;
  let b;
  try {
    b = readFileSync(item.abs);
  } catch {
    continue;
  }
  const sniffed = sniffEncoding(b.subarray(0, 8192));
  if (sniffed.kind === 'binary' || sniffed.encoding !== 'utf8') continue;
  if (bytes > limit) break;
  files++;
  bytes += b.length;
  const location = { kind: 'file', path: item.path };
  const body = b.subarray(sniffed.bomLength);
  const whole = places(detectChunk({ location, text: body.toString('utf8'), startLine: 1 }, rules));
  const spots = places(detectBytes({ location, bytes: body, startLine: 1, decoding: 'utf8' }, rules));
  if (JSON.stringify(whole) !== JSON.stringify(spots)) {
    differ++;
    if (differ <= 5)
      console.log(
        `${item.path}\n  whole: ${whole.join('\n         ')}\n  spots: ${spots.join('\n         ')}`,
      );
  }
}
console.log(`${files} files, ${(bytes / 1e6).toFixed(0)} MB: ${differ} read differently`);
process.exit(differ > 0 ? 1 : 0);
