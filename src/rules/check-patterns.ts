export function checkPatterns(_dir?: string): number {
  return 0;
}
