import { writeFileSync } from 'node:fs';
import { cannotWrite } from './check-writable.js';

/** A command's result goes to stdout, or to --output; hints and errors go to stderr. */
export function writeResult(text: string, output: string | undefined, what = 'output file'): void {
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (err) {
    throw cannotWrite(output, what, (err as NodeJS.ErrnoException).code ?? 'error');
  }
}
