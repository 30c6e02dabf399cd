/**
 * What a ZIP (an XLSX workbook is one) says it expands to, read from its central directory without
 * inflating anything: a 31 MB workbook that expanded to 1.5 million rows ran for minutes and died
 * out of memory. The sizes are the archive's own claims; the reader still bounds the rows it reads.
 */
import { open } from 'node:fs/promises';

/** End of central directory: signature, then the fields read below (22 bytes without a comment). */
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;
/** The EOCD record may be followed by a comment of up to 65,535 bytes. */
const EOCD_SEARCH = EOCD_MIN + 0xffff;

export type ZipSize = { ok: true; entries: number; uncompressedBytes: number } | { ok: false; reason: 'not-zip' | 'zip64' };

/** Sums the declared uncompressed sizes of a ZIP file's entries (no inflation). */
export async function declaredZipSize(file: string): Promise<ZipSize> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SEARCH);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - EOCD_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return { ok: false, reason: 'not-zip' };
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 archives (over 4 GB or 65,535 entries) are no ledger: refuse rather than parse them.
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return { ok: false, reason: 'zip64' };
    if (dirOffset + dirSize > size) return { ok: false, reason: 'not-zip' };
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    let total = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIGNATURE) return { ok: false, reason: 'not-zip' };
      const uncompressed = dir.readUInt32LE(at + 24);
      if (uncompressed === 0xffffffff) return { ok: false, reason: 'zip64' };
      total += uncompressed;
      at += 46 + dir.readUInt16LE(at + 28) + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    return { ok: true, entries, uncompressedBytes: total };
  } finally {
    await handle.close();
  }
}
