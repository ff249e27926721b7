import type { Command } from 'commander';

export function registerScan(program: Command): Command {
  return program
    .command('scan')
    .description('scan folder trees or stdin')
    .argument('[paths...]')
    .action(() => {});
}
