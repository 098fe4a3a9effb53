/**
 * Test clips and pictures that pass the media type check (article/media-file.ts judges a
 * file by its first bytes): an MP4 `ftyp` box or a JPEG marker, then whatever the test needs.
 */
import { randomBytes } from 'node:crypto';
import { truncateSync, writeFileSync } from 'node:fs';

/** An MP4 `ftyp` box (brand isom): the first 24 bytes of a real MP4. */
export const MP4_HEAD = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1')]);

/** The start of a JPEG file (SOI, APP0 marker). */
export const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

/** `size` bytes that read as an MP4: the ftyp box, then random bytes. */
export function mp4Bytes(size: number): Buffer {
  const head = MP4_HEAD.subarray(0, Math.min(size, MP4_HEAD.length));
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

/** Writes a `size`-byte MP4 stand-in without holding it in memory: the ftyp box, then zeros (sparse). */
export function writeSparseMp4(path: string, size: number): void {
  writeFileSync(path, MP4_HEAD.subarray(0, Math.min(size, MP4_HEAD.length)));
  truncateSync(path, size);
}
