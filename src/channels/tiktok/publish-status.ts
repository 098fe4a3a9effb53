/**
 * After the upload: TikTok processes the clip; `status/fetch` tells how far it got. Polled
 * with backoff (1 s, 2 s, 4 s … capped at 15 s; the route allows 30 a minute) until
 * PUBLISH_COMPLETE or FAILED, or until the deadline, when the check is left for later.
 */
import { ChannelError } from '../../errors.js';
import type { DeliverContext } from '../types.js';
import type { TikTokOptions } from './options.js';
import { callTikTok } from './auth.js';

type Ctx = DeliverContext<TikTokOptions>;

/** Longest wait between two status checks. */
export const MAX_POLL_DELAY_MS = 15_000;

/** Where a publish stands. */
export type PublishState =
  /** `postId` is the public id as exact decimal text; undefined for a private (SELF_ONLY) post. */
  | { state: 'complete'; postId: string | undefined }
  | { state: 'failed'; reason: string }
  /** Still PROCESSING_UPLOAD / PROCESSING_DOWNLOAD / SEND_TO_USER_INBOX. */
  | { state: 'processing'; status: string; uploadedBytes: number | undefined };

/**
 * The first public post id in a status answer, read from the raw text: the id is a bare JSON
 * integer beyond 2^53, which JSON.parse would round. (TikTok spells the key "publicaly".)
 */
export function postIdFromStatus(raw: string): string | undefined {
  return /"(?:publicaly|publicly)_available_post_id"\s*:\s*\[\s*"?(\d+)/.exec(raw)?.[1];
}

/** One status check (under the retry policy). */
export async function fetchPublishStatus(ctx: Ctx, publishId: string): Promise<PublishState> {
  const { data, raw } = await callTikTok(ctx, 'v2/post/publish/status/fetch/', { publish_id: publishId }, 'status check');
  const status = typeof data.status === 'string' ? data.status : '';
  if (status === 'PUBLISH_COMPLETE') return { state: 'complete', postId: postIdFromStatus(raw) };
  if (status === 'FAILED') return { state: 'failed', reason: typeof data.fail_reason === 'string' ? data.fail_reason : '' };
  if (!status) throw new ChannelError(ctx.channel.name, 'bad_response', 'TikTok status check: the answer names no status');
  const uploaded = typeof data.uploaded_bytes === 'number' ? data.uploaded_bytes : undefined;
  return { state: 'processing', status, uploadedBytes: uploaded };
}

/** Waits `ms`, or rejects when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls until the publish completes or fails, or until `deadline` (epoch ms), when the
 * last `processing` state is returned. The first wait is `firstDelayMs`, doubling to 15 s.
 */
export async function waitForPublish(ctx: Ctx, publishId: string, deadline: number, firstDelayMs: number): Promise<PublishState> {
  let delay = Math.max(1, firstDelayMs);
  let last: PublishState = { state: 'processing', status: 'PROCESSING_UPLOAD', uploadedBytes: undefined };
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return last;
    // Too little time for a full wait: one last look at the deadline.
    const final = left < delay;
    await sleep(final ? left : delay, ctx.signal);
    try {
      last = await fetchPublishStatus(ctx, publishId);
    } catch (error) {
      // Ctrl-C: the clip is with TikTok; stop watching (the receipt stays pending).
      if (error instanceof ChannelError && error.code === 'interrupted') return last;
      throw error;
    }
    if (last.state !== 'processing' || final) return last;
    ctx.progress({ phase: 'processing', note: `TikTok: ${last.status.toLowerCase().replace(/_/g, ' ')}` });
    delay = Math.min(delay * 2, MAX_POLL_DELAY_MS);
  }
}
