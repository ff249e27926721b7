import type { Command } from 'commander';
import { registerBaseline } from './baseline.js';
import { registerChecklist } from './checklist.js';
import { registerInit } from './init.js';
import { registerPatterns } from './patterns.js';
import { registerPosture } from './posture.js';
import { registerRevoke } from './revoke.js';
import { registerScan } from './scan.js';
import { registerVerify } from './verify.js';

/** Each command registers itself and returns its Command; heavy modules load inside actions. */
export type RegisterCommand = (program: Command) => Command;

export const COMMANDS: RegisterCommand[] = [
  registerScan,
  registerPatterns,
  registerRevoke,
  registerChecklist,
  registerPosture,
  registerVerify,
  registerBaseline,
  registerInit,
];
