/**
 * Which record ids may repeat within a collection of a file too large to hold its ids: a 53-bit hash
 * of each (collection, id) in a growable Float64Array (8 bytes a record: 30 MB for a million
 * enterprises' 3.7 million records, against ≈ 200 MB for the ids as strings), sorted once; equal
 * neighbours are the hashes of ids that may repeat. Equal ids always hash alike, so no repeat is
 * missed; a hash collision only makes a record a candidate, which the caller then compares by id.
 */
export class RecordIdHashes {
  private hashes = new Float64Array(1 << 16);
  private size = 0;

  add(collection: string, id: string): void {
    if (this.size === this.hashes.length) {
      const grown = new Float64Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.size++] = recordIdHash(collection, id);
  }

  /** The hashes seen more than once (usually none); the hashes added are released. */
  repeated(): Set<number> {
    const sorted = this.hashes.subarray(0, this.size).sort();
    const out = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) out.add(sorted[i] as number);
    this.hashes = new Float64Array(0);
    this.size = 0;
    return out;
  }
}

/**
 * Two 32-bit FNV-1a style hashes of the collection, a separator and the id (UTF-16 code units), as one
 * integer below 2^53 (exact in a double).
 */
export function recordIdHash(collection: string, id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  // 0xffff, not a character of a well-formed string, separates them: "a" + "bc" and "ab" + "c" differ.
  const length = collection.length + 1 + id.length;
  for (let i = 0; i < length; i++) {
    const c = i < collection.length ? collection.charCodeAt(i) : i === collection.length ? 0xffff : id.charCodeAt(i - collection.length - 1);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
