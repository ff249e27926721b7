import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');

let yaml: YamlModule | undefined;

/**
 * The YAML parser, loaded on first use. Importing it costs tens of milliseconds, and the
 * pre-commit hook must start fast: built-in rules come precompiled (builtin-cache.ts), so most
 * runs never need YAML at all. `require` keeps loading synchronous.
 */
export function yamlParser(): YamlModule {
  yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yaml;
}
