/** An append-only list of object ids stored as raw bytes: a million commits take 20 MB, not 80. */
export class OidList {
  readonly #oidBytes: number;
  #bytes: Uint8Array;
  #length = 0;

  constructor(oidHexLength = 40) {
    this.#oidBytes = oidHexLength / 2;
    this.#bytes = new Uint8Array(this.#oidBytes * 256);
  }

  get length(): number {
    return this.#length;
  }

  /** Appends `oid` and returns its index. */
  push(oid: string): number {
    const need = (this.#length + 1) * this.#oidBytes;
    if (need > this.#bytes.length) {
      const bigger = new Uint8Array(this.#bytes.length * 2);
      bigger.set(this.#bytes);
      this.#bytes = bigger;
    }
    const view = Buffer.from(
      this.#bytes.buffer,
      this.#bytes.byteOffset + this.#length * this.#oidBytes,
      this.#oidBytes,
    );
    view.write(oid, 'hex');
    return this.#length++;
  }

  at(index: number): string {
    if (index < 0 || index >= this.#length) throw new RangeError(`no object id at ${index}`);
    return Buffer.from(
      this.#bytes.buffer,
      this.#bytes.byteOffset + index * this.#oidBytes,
      this.#oidBytes,
    ).toString('hex');
  }
}
