import type { Command } from 'commander';
import { registerPatterns } from './patterns.js';
import { registerScan } from './scan.js';
import { registerVerify } from './verify.js';

/** Each command registers itself and returns its Command; heavy modules load inside actions. */
export type RegisterCommand = (program: Command) => Command;

export const COMMANDS: RegisterCommand[] = [registerScan, registerPatterns, registerVerify];
