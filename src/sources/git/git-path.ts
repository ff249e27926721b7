import { isUtf8 } from 'node:buffer';

/**
 * Git paths are bytes. Valid UTF-8 becomes text as is; anything else is shown the way git's
 * `core.quotePath` shows it (octal escapes for bytes >= 0x80), so a Latin-1 file name is still
 * printable, unambiguous and the same in every report.
 */
export function decodeGitPath(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  for (const b of buf) out += b >= 0x80 ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  return out;
}

/** Interns paths: each distinct path is stored once and named by a number. */
export class PathTable {
  readonly #ids = new Map<string, number>();
  readonly #paths: string[] = [];

  intern(path: string): number {
    let id = this.#ids.get(path);
    if (id === undefined) {
      id = this.#paths.length;
      this.#paths.push(path);
      this.#ids.set(path, id);
    }
    return id;
  }

  get(id: number): string {
    return this.#paths[id] ?? '';
  }
}
