/**
 * The duration of an MP4/QuickTime file from its `moov/mvhd` box, read with a handful of
 * small reads (box headers only; `mdat` is skipped by its size), wherever `moov` sits.
 */
import { read } from 'node:fs';
import { open } from 'node:fs/promises';

/** Reads from an open file at a position (a descriptor or a FileHandle's). */
type File = { fd: number };

/** Stop walking after this many boxes: a damaged file must not make us loop. */
const MAX_BOXES = 256;

interface BoxHeader {
  type: string;
  /** Offset of the box's content. */
  body: number;
  /** Offset just past the box. */
  end: number;
}

function readAt(file: File, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  return new Promise((resolve, reject) =>
    read(file.fd, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(buffer.subarray(0, bytesRead)))),
  );
}

async function boxAt(file: File, offset: number, limit: number): Promise<BoxHeader | undefined> {
  if (offset + 8 > limit) return undefined;
  const head = await readAt(file, offset, 16);
  if (head.length < 8) return undefined;
  let size = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  let body = offset + 8;
  if (size === 1) {
    if (head.length < 16) return undefined;
    size = Number(head.readBigUInt64BE(8));
    body = offset + 16;
  } else if (size === 0) {
    size = limit - offset; // the box runs to the end
  }
  if (size < body - offset || offset + size > limit) return undefined;
  return { type, body, end: offset + size };
}

async function findBox(file: File, type: string, from: number, limit: number): Promise<BoxHeader | undefined> {
  let offset = from;
  for (let i = 0; i < MAX_BOXES; i++) {
    const box = await boxAt(file, offset, limit);
    if (!box) return undefined;
    if (box.type === type) return box;
    offset = box.end;
  }
  return undefined;
}

/** Seconds of video the file declares, or undefined when it is not a readable MP4. */
export async function mp4DurationSeconds(path: string): Promise<number | undefined> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(path, 'r');
    return await mp4DurationOf(file, (await file.stat()).size);
  } catch {
    return undefined;
  } finally {
    await file?.close();
  }
}

/** The same, read from an open descriptor of `size` bytes (the checked clip that is sent). */
export async function mp4DurationOf(file: File, size: number): Promise<number | undefined> {
  try {
    const moov = await findBox(file, 'moov', 0, size);
    if (!moov) return undefined;
    const mvhd = await findBox(file, 'mvhd', moov.body, moov.end);
    if (!mvhd) return undefined;
    const body = await readAt(file, mvhd.body, 32);
    const version = body[0];
    let timescale: number;
    let duration: number;
    if (version === 1 && body.length >= 32) {
      timescale = body.readUInt32BE(20);
      duration = Number(body.readBigUInt64BE(24));
    } else if (version === 0 && body.length >= 20) {
      timescale = body.readUInt32BE(12);
      duration = body.readUInt32BE(16);
    } else {
      return undefined;
    }
    if (timescale === 0 || duration === 0xffffffff) return undefined;
    return duration / timescale;
  } catch {
    return undefined;
  }
}
