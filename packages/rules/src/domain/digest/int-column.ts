/**
 * A growable column of 32-bit integers: 4 bytes an entry where a JS array of numbers takes 8, and
 * one typed array the garbage collector does not scan. A digest's long lists (the enterprises a town
 * answers for, its inspections' day keys) are kept in these. A structured clone (a digest sent back
 * by a worker thread) keeps the fields, not the class: `append` reads only the fields.
 */
export class IntColumn {
  private data = new Int32Array(8);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(n: number): void {
    if (this.size === this.data.length) this.grow(this.size * 2);
    this.data[this.size++] = n;
  }

  /** The entries, as a view (valid until the next push). */
  values(): Int32Array {
    return this.data.subarray(0, this.size);
  }

  /** Adds another column's entries (or a structured clone's), each plus `offset`. */
  append(other: IntColumn, offset = 0): void {
    const more = other.data.subarray(0, other.size);
    const size = this.size + more.length;
    // Parts are appended one after another (a stream's chunks): grow by half, not double, to keep the slack small.
    if (size > this.data.length) this.grow(Math.max(size, this.size + (this.size >> 1)));
    if (offset === 0) this.data.set(more, this.size);
    else for (let k = 0; k < more.length; k++) this.data[this.size + k] = (more[k] as number) + offset;
    this.size = size;
  }

  private grow(capacity: number): void {
    const data = new Int32Array(capacity);
    data.set(this.data.subarray(0, this.size));
    this.data = data;
  }
}
