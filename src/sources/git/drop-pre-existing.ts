import type { Finding } from '../../model/finding.js';
import type { ScanContext } from '../../scan/scan-context.js';
import { valuesInTrees } from './values-in-trees.js';

/**
 * Drops the findings that are not new: those whose every value (key id, secret, session token,
 * rule value) the boundary commits' trees already hold. A range scans each blob it touches
 * whole, so touching a file that holds an old key would otherwise report it again, dated to the
 * range. A new secret for an old key id is new (one value is missing); a key moved or copied to
 * another file is not. Runs git only when something was found, so a clean scan costs nothing.
 * When git cannot answer (an unreadable boundary tree), everything is kept and a note says so.
 */
export async function dropPreExisting(
  ctx: ScanContext,
  cwd: string,
  boundary: readonly string[],
  where: string,
  /** Look only at these paths of the boundary trees (all when undefined). */
  paths?: readonly string[],
): Promise<void> {
  const findings = ctx.collector.findings();
  if (findings.length === 0 || boundary.length === 0) return;
  let present: Set<string>;
  try {
    present = await valuesInTrees(cwd, findings.flatMap(valuesOf), boundary, paths);
  } catch (err) {
    ctx.partial(
      '.',
      'pre-existing-unknown',
      `could not tell which findings ${where} already held (${(err as Error).message}); all are reported`,
    );
    return;
  }
  for (const f of findings) {
    if (valuesOf(f).every((v) => present.has(v))) ctx.collector.delete(f.fingerprint);
  }
}

function valuesOf(f: Finding): string[] {
  return [f.keyId, f.secret?.reveal(), f.sessionToken?.reveal(), f.value?.reveal()].filter(
    (v): v is string => v !== undefined,
  );
}
