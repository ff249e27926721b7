/**
 * Paths, author names and messages come from the scanned files and repositories. Printed raw, a
 * file named with ESC sequences could rewrite the terminal (hide a finding, fake a message) and
 * a newline could forge a report line: control characters are shown escaped instead.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
