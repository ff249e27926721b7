import type { Command } from 'commander';

export function registerInit(program: Command): Command {
  return program
    .command('init')
    .description('write a commented starter .keysweep.yaml at the repository root (never overwrites)')
    .argument('[file]', 'where to write it (default: .keysweep.yaml at the repository root, else here)')
    .action(async (file: string | undefined) => {
      const { writeStarterConfig } = await import('../../config/write-starter-config.js');
      const written = writeStarterConfig(file);
      process.stderr.write(`keysweep: wrote ${written}; edit it, then commit it\n`);
      process.exitCode = 0;
    });
}
