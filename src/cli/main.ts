import { CommanderError } from 'commander';
import { KeysweepError } from '../model/errors.js';
import { buildProgram } from './program.js';

/**
 * The one top-level catch: known errors print their message and hint and exit with their
 * code; anything else is a bug and says so. Never prints a stack trace by default.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help, version, or a usage error).
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof KeysweepError) {
    process.stderr.write(`keysweep: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `keysweep: internal error: ${message}\n  hint: this is a bug in keysweep; please report it with the command you ran\n`,
  );
  if (process.env['KEYSWEEP_DEBUG'] && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  return 3;
}
