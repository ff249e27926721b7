import type { Command } from 'commander';
import { registerBaseline } from './baseline.js';
import { registerChecklist } from './checklist.js';
import { registerCi } from './ci.js';
import { registerHistory } from './history.js';
import { registerInit } from './init.js';
import { registerInstallHook } from './install-hook.js';
import { registerMerge } from './merge.js';
import { registerPatterns } from './patterns.js';
import { registerPosture } from './posture.js';
import { registerRevoke } from './revoke.js';
import { registerScan } from './scan.js';
import { registerStaged } from './staged.js';
import { registerSweep } from './sweep.js';
import { registerVerify } from './verify.js';

/** Each command registers itself and returns its Command; heavy modules load inside actions. */
export type RegisterCommand = (program: Command) => Command;

export const COMMANDS: RegisterCommand[] = [
  registerScan,
  registerStaged,
  registerHistory,
  registerCi,
  registerInstallHook,
  registerPatterns,
  registerRevoke,
  registerChecklist,
  registerPosture,
  registerVerify,
  registerBaseline,
  registerInit,
  registerSweep,
  registerMerge,
];
