/**
 * What a zip archive (a `.docx`) says it holds, read from its central directory before anything
 * is inflated: a Word document of a few megabytes that claims gigabytes is a zip bomb, and is
 * refused before the converter expands it in memory.
 */

/** The entries and total uncompressed size a zip's central directory declares. */
export interface ZipDeclared {
  entries: number;
  /** Sum of the entries' uncompressed sizes; Infinity for a ZIP64 size (beyond 4 GB). */
  uncompressed: number;
}

const END = 0x06054b50;
const ENTRY = 0x02014b50;

/** The zip's declared contents, or undefined when it has no readable central directory. */
export function zipDeclared(bytes: Buffer): ZipDeclared | undefined {
  // The end record is 22 bytes, followed by a comment of at most 65,535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) !== END) continue;
    const entries = bytes.readUInt16LE(at + 10);
    let p = bytes.readUInt32LE(at + 16);
    let uncompressed = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== ENTRY) return undefined;
      const size = bytes.readUInt32LE(p + 24);
      uncompressed += size === 0xffffffff ? Infinity : size;
      p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    }
    return { entries, uncompressed };
  }
  return undefined;
}
