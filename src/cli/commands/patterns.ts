import type { Command } from 'commander';

export function registerPatterns(program: Command): Command {
  const cmd = program.command('patterns').description('work with rule files (patterns/*.yaml)');
  cmd
    .command('check')
    .description('validate rule files: YAML, fields, regexes (incl. catastrophic backtracking) and examples')
    .argument('[dir]', 'folder of rule files (default: the built-in rules)')
    .action(async (dir: string | undefined) => {
      const { checkPatterns } = await import('../../rules/check-patterns.js');
      process.exitCode = checkPatterns(dir);
    });
  return cmd;
}
