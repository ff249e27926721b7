/**
 * A compact hash table from git object ids to two 32-bit numbers and a few flag bits. A history
 * sweep remembers every object of every ref; as JS strings in a Map that costs ~100 bytes an
 * object (300 MB for a 3-million-object repository), here it is the id's raw bytes plus 9.
 * Ids are already uniformly random, so their first four bytes are the hash. Slots move when the
 * table grows: hold on to ids, not slots, across `add` calls.
 */
export class ObjectIdTable {
  readonly #oidBytes: number;
  #capacity: number;
  #mask: number;
  #keys: Uint8Array;
  #used: Uint8Array;
  #a: Uint32Array;
  #b: Uint32Array;
  #flags: Uint8Array;
  #size = 0;
  readonly #scratch: Buffer;

  /** `oidHexLength`: 40 for SHA-1 repositories, 64 for SHA-256 ones. */
  constructor(oidHexLength = 40, initialCapacity = 1024) {
    this.#oidBytes = oidHexLength / 2;
    this.#scratch = Buffer.alloc(this.#oidBytes);
    this.#capacity = 1 << Math.ceil(Math.log2(Math.max(initialCapacity, 16)));
    this.#mask = this.#capacity - 1;
    this.#keys = new Uint8Array(this.#capacity * this.#oidBytes);
    this.#used = new Uint8Array(this.#capacity);
    this.#a = new Uint32Array(this.#capacity);
    this.#b = new Uint32Array(this.#capacity);
    this.#flags = new Uint8Array(this.#capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Slot of `oid`, or -1. */
  find(oid: string): number {
    if (oid.length !== this.#oidBytes * 2) return -1;
    this.#scratch.write(oid, 'hex');
    return this.#probe(this.#scratch);
  }

  /** Adds `oid` with the given values unless present; returns its slot and whether it is new. */
  add(oid: string, a: number, b: number, flags = 0): { slot: number; added: boolean } {
    if (oid.length !== this.#oidBytes * 2) throw new Error(`object id of unexpected length: ${oid}`);
    this.#scratch.write(oid, 'hex');
    const found = this.#probe(this.#scratch);
    if (found >= 0) return { slot: found, added: false };
    if ((this.#size + 1) * 2 > this.#capacity) this.#grow();
    const slot = this.#insert(this.#scratch);
    this.#a[slot] = a;
    this.#b[slot] = b;
    this.#flags[slot] = flags;
    this.#size++;
    return { slot, added: true };
  }

  a(slot: number): number {
    return this.#a[slot]!;
  }

  b(slot: number): number {
    return this.#b[slot]!;
  }

  setB(slot: number, b: number): void {
    this.#b[slot] = b;
  }

  flags(slot: number): number {
    return this.#flags[slot]!;
  }

  setFlag(slot: number, flag: number): void {
    this.#flags[slot]! |= flag;
  }

  oid(slot: number): string {
    const start = slot * this.#oidBytes;
    return Buffer.from(this.#keys.buffer, this.#keys.byteOffset + start, this.#oidBytes).toString('hex');
  }

  #home(key: Uint8Array): number {
    return ((key[0]! << 24) | (key[1]! << 16) | (key[2]! << 8) | key[3]!) & this.#mask;
  }

  #probe(key: Uint8Array): number {
    const n = this.#oidBytes;
    for (let slot = this.#home(key); ; slot = (slot + 1) & this.#mask) {
      if (this.#used[slot] === 0) return -1;
      const base = slot * n;
      let same = true;
      for (let i = 0; i < n; i++) {
        if (this.#keys[base + i] !== key[i]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
    }
  }

  #insert(key: Uint8Array): number {
    let slot = this.#home(key);
    while (this.#used[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#used[slot] = 1;
    this.#keys.set(key, slot * this.#oidBytes);
    return slot;
  }

  #grow(): void {
    const old = {
      keys: this.#keys,
      used: this.#used,
      a: this.#a,
      b: this.#b,
      flags: this.#flags,
      cap: this.#capacity,
    };
    this.#capacity *= 2;
    this.#mask = this.#capacity - 1;
    this.#keys = new Uint8Array(this.#capacity * this.#oidBytes);
    this.#used = new Uint8Array(this.#capacity);
    this.#a = new Uint32Array(this.#capacity);
    this.#b = new Uint32Array(this.#capacity);
    this.#flags = new Uint8Array(this.#capacity);
    const n = this.#oidBytes;
    for (let s = 0; s < old.cap; s++) {
      if (old.used[s] === 0) continue;
      const slot = this.#insert(old.keys.subarray(s * n, s * n + n));
      this.#a[slot] = old.a[s]!;
      this.#b[slot] = old.b[s]!;
      this.#flags[slot] = old.flags[s]!;
    }
  }
}
