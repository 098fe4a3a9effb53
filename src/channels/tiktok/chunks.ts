/**
 * TikTok's FILE_UPLOAD chunk arithmetic (API-NOTES, Content Posting API step 3): a file
 * under 5 MB goes whole; otherwise chunks of 5–64 MB, `total_chunk_count =
 * floor(size / chunk_size)`, and the last chunk takes the remainder (so it is at most
 * 2 × chunk_size − 1 bytes, within TikTok's 128 MB); 1–1000 chunks.
 */

import { DEFAULT_CHUNK, MAX_CHUNK, MAX_VIDEO, MIN_CHUNK } from './options.js';

const MB = 1024 * 1024;
/** Largest final chunk (chunk_size plus the remainder). */
export const MAX_LAST_CHUNK = 128 * MB;
/** Most chunks in one upload. */
export const MAX_CHUNKS = 1000;

/** One chunk: bytes `first`..`last`, both inclusive (as `Content-Range` names them). */
export interface ChunkRange {
  first: number;
  last: number;
}

/** What init announces (`source_info`) and the byte ranges the upload then sends, in order. */
export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  ranges: ChunkRange[];
}

/**
 * Plans the upload of a `size`-byte file with chunks of about `chunkSize` bytes.
 * The wanted chunk size is clamped to 5–64 MB and to the file size. Throws RangeError for an empty file or one over 4 GB.
 */
export function planChunks(size: number, chunkSize: number = DEFAULT_CHUNK): ChunkPlan {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`video size must be a positive whole number of bytes, got ${size}`);
  if (size > MAX_VIDEO) throw new RangeError(`the video is ${size} bytes; TikTok takes at most ${MAX_VIDEO} bytes (4 GB)`);
  if (size < MIN_CHUNK) return { videoSize: size, chunkSize: size, totalChunkCount: 1, ranges: [{ first: 0, last: size - 1 }] };

  const wanted = Number.isFinite(chunkSize) ? Math.floor(chunkSize) : DEFAULT_CHUNK;
  // With chunks of at least 5 MB a 4 GB file needs at most 819, so the 1000-chunk cap holds.
  const chunk = Math.min(Math.max(wanted, MIN_CHUNK), MAX_CHUNK, size);
  const count = Math.floor(size / chunk);
  const ranges: ChunkRange[] = [];
  for (let i = 0; i < count; i++) {
    const first = i * chunk;
    ranges.push({ first, last: i === count - 1 ? size - 1 : first + chunk - 1 });
  }
  return { videoSize: size, chunkSize: chunk, totalChunkCount: count, ranges };
}

/** Bytes in a range. */
export function rangeLength(range: ChunkRange): number {
  return range.last - range.first + 1;
}
