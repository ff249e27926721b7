import { writeFileSync } from 'node:fs';
import { UsageError } from '../model/errors.js';

/** A command's result goes to stdout, or to --output; hints and errors go to stderr. */
export function writeResult(text: string, output: string | undefined): void {
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      `output file ${output} cannot be written (${code})`,
      'check the folder exists and is writable',
    );
  }
}
