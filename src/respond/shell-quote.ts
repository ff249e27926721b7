const SAFE = /^[\w+=,.@%/:-]+$/;

/** Quotes a value for a POSIX shell command line; safe values stay bare for readability. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
