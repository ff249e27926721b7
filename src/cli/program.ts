import { Command } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  no findings (or nothing to do)
  1  findings at or above --fail-on (revoke: some keys not revoked)
  2  usage or configuration error; nothing was scanned
  3  operational failure or partial scan (unreadable input, git or AWS failure,
     keys --verify could not check)`;

export function buildProgram(): Command {
  const program = new Command('keysweep')
    .description('Find leaked AWS credentials in files and git history, verify them safely, and revoke them.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', EXIT_CODES_HELP);
  for (const register of COMMANDS) {
    const cmd = register(program);
    cmd.exitOverride().addHelpText('after', EXIT_CODES_HELP);
  }
  return program;
}
