/**
 * The FILE_UPLOAD part: each chunk PUT to the upload URL in order, streamed from disk
 * (a 2 GB clip never sits in memory), a chunk that meets a 5xx sent again from a fresh
 * stream. 206 means "next chunk", 201 "all received".
 */
import type { OpenMedia } from '../../article/media-file.js';
import { ChannelError } from '../../errors.js';
import { isRetryableStatus, networkError, retryAfterSeconds, statusCode } from '../../http/policy.js';
import { loadGot } from '../../http/lazy-got.js';
import type { DeliverContext } from '../types.js';
import type { TikTokOptions } from './options.js';
import { rangeLength, type ChunkPlan, type ChunkRange } from './chunks.js';

type Ctx = DeliverContext<TikTokOptions>;

/** Read buffer per chunk stream: large reads keep loopback uploads fast without much memory. */
const READ_BUFFER = 256 * 1024;
/** At most this often a progress event while bytes go out. */
const PROGRESS_EVERY_MS = 250;

/** What the TikTok upload server said about one chunk. */
function chunkRefusal(ctx: Ctx, status: number, body: string, label: string, retryAfter?: number): ChannelError {
  let said = '';
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string' && message) said = ` (TikTok: ${message.replace(/\s+/g, ' ').slice(0, 200)})`;
  } catch {
    // an empty or non-JSON body: the status says enough
  }
  const name = ctx.channel.name;
  if (isRetryableStatus(status)) {
    return new ChannelError(name, statusCode(status), `TikTok upload of ${label}: answered ${status}; sending that chunk again`, {
      retryable: true,
      status,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    });
  }
  if (status === 416) return new ChannelError(name, 'upload_range', `TikTok refused ${label}: it expected other bytes (416)${said}; publish again`, { status });
  if (status === 403) return new ChannelError(name, 'upload_expired', `TikTok refused ${label}: the upload URL expired or was refused (403)${said}; publish again`, { status });
  if (status === 400) return new ChannelError(name, 'upload_refused', `TikTok refused ${label}: bad upload headers (400)${said}`, { status });
  return new ChannelError(name, statusCode(status), `TikTok refused ${label}: HTTP ${status}${said}`, { status });
}

/** PUTs one chunk from a fresh file stream; resolves with the status TikTok answered (206 or 201). */
async function putChunk(
  ctx: Ctx,
  uploadUrl: string,
  media: OpenMedia,
  range: ChunkRange,
  total: number,
  label: string,
  onSent: (bytesOfChunk: number) => void,
  signal: AbortSignal,
): Promise<number> {
  const got = await loadGot();
  // From the descriptor that was checked (article/media-file.ts), never from the path again.
  const body = media.stream({ start: range.first, end: range.last, highWaterMark: READ_BUFFER });
  let response;
  try {
    const request = got.put(uploadUrl, {
      body,
      headers: {
        'content-type': media.format.mime,
        'content-length': String(rangeLength(range)),
        'content-range': `bytes ${range.first}-${range.last}/${total}`,
      },
      // No total limit (a 64 MB chunk on a slow line takes long); an idle socket or a late answer fails.
      timeout: { socket: ctx.channel.timeoutMs, response: ctx.channel.timeoutMs },
      signal,
    });
    request.on('uploadProgress', (p: { transferred: number }) => onSent(p.transferred));
    response = await request;
  } catch (error) {
    throw networkError(ctx.channel.name, error, `TikTok upload of ${label}`);
  } finally {
    body.destroy();
  }
  const status = response.statusCode;
  if (status === 206 || status === 201) return status;
  throw chunkRefusal(ctx, status, response.body, label, retryAfterSeconds(response.headers['retry-after']));
}

/**
 * Uploads the file by `plan`, in order; reports `uploading` progress (done/total bytes)
 * at most a few times a second. Throws a ChannelError if TikTok refuses a chunk.
 */
export async function uploadFile(ctx: Ctx, uploadUrl: string, media: OpenMedia, plan: ChunkPlan): Promise<void> {
  const total = plan.videoSize;
  let lastReport = 0;
  const report = (done: number, force = false): void => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    ctx.progress({ phase: 'uploading', done, total });
  };
  report(0, true);
  const count = plan.ranges.length;
  for (const [index, range] of plan.ranges.entries()) {
    const label = `chunk ${index + 1} of ${count} (bytes ${range.first}-${range.last})`;
    const isLast = index === count - 1;
    // No timer for the whole chunk (a 64 MB chunk on a slow line takes long): got's idle
    // timers above. Once the last chunk is out, TikTok may publish even if its answer is lost.
    const status = await ctx.attempt(
      `upload ${label}`,
      (signal) => putChunk(ctx, uploadUrl, media, range, total, label, (sent) => report(range.first + Math.min(sent, rangeLength(range))), signal),
      { timeoutMs: null, creates: isLast },
    );
    if (status === 206 && isLast) {
      throw new ChannelError(ctx.channel.name, 'upload_incomplete', `TikTok still expects more bytes after the last chunk (${total} bytes sent); publish again`);
    }
    if (status === 201 && !isLast) {
      throw new ChannelError(ctx.channel.name, 'upload_incomplete', `TikTok ended the upload after ${label}, before the last chunk; publish again`);
    }
  }
  report(total, true);
}
