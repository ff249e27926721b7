import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The shared config and credentials files, where the SDK looks for them (same variables). */
export function sharedProfileFiles(): { config: string; credentials: string } {
  const home = process.env['HOME'] || process.env['USERPROFILE'] || homedir();
  return {
    config: process.env['AWS_CONFIG_FILE'] || join(home, '.aws', 'config'),
    credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'] || join(home, '.aws', 'credentials'),
  };
}

/**
 * Profile names in both files: `[profile NAME]` (or `[default]`) in config, `[NAME]` in
 * credentials. Only to name a missing --profile: the SDK's own message ("Could not load
 * credentials from any providers") does not say which profile or where it looked.
 */
export function sharedProfileNames(): string[] {
  const files = sharedProfileFiles();
  const names = new Set<string>();
  for (const [file, isConfig] of [
    [files.config, true],
    [files.credentials, false],
  ] as const) {
    for (const m of readOrEmpty(file).matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const section = m[1]!;
      if (!isConfig) names.add(section);
      else if (section === 'default') names.add(section);
      else if (section.startsWith('profile ')) names.add(section.slice('profile '.length).trim());
    }
  }
  return [...names];
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
