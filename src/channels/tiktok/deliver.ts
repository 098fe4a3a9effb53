/**
 * Posting a clip to TikTok (Direct Post, FILE_UPLOAD): creator_info → init → chunked
 * upload → status polling. Every request goes through `ctx.attempt`, the one retry layer.
 * Loaded only when a TikTok channel sends (index.ts imports it lazily).
 */
import { MediaRefusal, mediaRoots, openMedia, type OpenMedia } from '../../article/media-file.js';
import { parseDuration } from '../../config/duration.js';
import { ChannelError } from '../../errors.js';
import { utf16Length } from '../../text/measure.js';
import type { DeliverContext, Post, Receipt, VerifyResult } from '../types.js';
import { CAPTION_LIMIT, type TikTokOptions, type TikTokOutput } from './options.js';
import { callTikTok } from './auth.js';
import { planChunks, type ChunkPlan } from './chunks.js';
import { failReasonError } from './errors.js';
import { mp4DurationOf } from './mp4.js';
import { fetchPublishStatus, waitForPublish, type PublishState } from './publish-status.js';
import { uploadFile } from './upload.js';

type Ctx = DeliverContext<TikTokOptions>;

/** What `creator_info/query/` tells about the account (the fields we use). */
export interface CreatorInfo {
  username: string;
  privacyOptions: string[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxDurationSec: number | undefined;
}

/** A publish TikTok may still be processing, as kept in the receipt and the token store. */
export interface PendingPublish {
  publishId: string;
  username: string | undefined;
  videoSize: number | undefined;
}

/** Token-store key of the last publish started for an article (survives a killed run). */
export function pendingKey(articleId: string): string {
  return `publish:${articleId}`;
}

/** The public page of a post. */
export function postUrl(username: string, postId: string): string {
  return `https://www.tiktok.com/@${username}/video/${postId}`;
}

/** Asks TikTok what this account may post (required before every post). */
export async function creatorInfo(ctx: Ctx): Promise<CreatorInfo> {
  const { data } = await callTikTok(ctx, 'v2/post/publish/creator_info/query/', undefined, 'creator info');
  const options = Array.isArray(data.privacy_level_options) ? data.privacy_level_options.filter((o): o is string => typeof o === 'string') : [];
  const max = data.max_video_post_duration_sec;
  return {
    username: typeof data.creator_username === 'string' ? data.creator_username : '',
    privacyOptions: options,
    commentDisabled: data.comment_disabled === true,
    duetDisabled: data.duet_disabled === true,
    stitchDisabled: data.stitch_disabled === true,
    maxDurationSec: typeof max === 'number' && max > 0 ? max : undefined,
  };
}

/** `post_info` for init, or a ChannelError when the account cannot take this post. */
export function postInfoFor(ctx: Ctx, caption: string, info: CreatorInfo, durationSec: number | undefined): Record<string, unknown> {
  const { options, name } = ctx.channel;
  if (!info.privacyOptions.includes(options.privacy_level)) {
    const offered = info.privacyOptions.length > 0 ? info.privacyOptions.join(', ') : 'none';
    throw new ChannelError(name, 'privacy_not_offered', `TikTok does not offer privacy_level ${options.privacy_level} to @${info.username}: set privacy_level to one of ${offered}`);
  }
  if (durationSec !== undefined && info.maxDurationSec !== undefined && durationSec > info.maxDurationSec) {
    throw new ChannelError(name, 'too_long_video', `the clip is ${Math.ceil(durationSec)} s long; @${info.username} may post at most ${info.maxDurationSec} s on TikTok: trim it`);
  }
  return {
    title: caption,
    privacy_level: options.privacy_level,
    // The account's own switches win: a creator who turned comments off keeps them off.
    disable_comment: options.disable_comment || info.commentDisabled,
    disable_duet: options.disable_duet || info.duetDisabled,
    disable_stitch: options.disable_stitch || info.stitchDisabled,
    brand_content_toggle: false,
    brand_organic_toggle: false,
  };
}

/**
 * The local clip, opened once after the containment and type checks (every uploaded byte is
 * read from that descriptor), and the chunk plan; errors say what to fix. Close `media` when done.
 */
function videoFile(post: Post<TikTokOutput>, ctx: Ctx): { media: OpenMedia; plan: ChunkPlan } {
  const name = ctx.channel.name;
  const video = ctx.article.video;
  if (!video) throw new ChannelError(name, 'no_video', `the article has no \`video:\` clip: add one to ${ctx.article.source}`);
  if (!video.path) {
    throw new ChannelError(name, 'remote_video', `TikTok takes the clip as a file upload: download ${video.ref} and set \`video:\` to the local file in ${ctx.article.source}`);
  }
  let media: OpenMedia;
  try {
    media = openMedia(video, 'video', mediaRoots(ctx.article.dir, ctx.config.mediaRoot));
  } catch (error) {
    if (!(error instanceof MediaRefusal)) throw error;
    if (error.code === 'missing') {
      throw new ChannelError(name, 'missing_media', `${post.output.video || video.ref} (from ${ctx.article.source}) cannot be read: fix the path in the front matter`);
    }
    throw new ChannelError(name, 'bad_media', `${ctx.article.source}: video: ${error.message}`);
  }
  try {
    return { media, plan: planChunks(media.size, ctx.channel.options.chunk_size) };
  } catch (error) {
    media.close();
    throw new ChannelError(name, 'video_size', `${video.ref}: ${(error as Error).message}`);
  }
}

function completeReceipt(publishId: string, username: string | undefined, postId: string | undefined): Receipt {
  if (postId && username) return { id: postId, url: postUrl(username, postId), extra: { publish_id: publishId } };
  return { id: postId ?? publishId, extra: { publish_id: publishId } };
}

function pendingReceipt(p: PendingPublish): Receipt {
  return { id: p.publishId, extra: { publish_id: p.publishId, pending: true, ...(p.username ? { creator_username: p.username } : {}) } };
}

/** Posts the clip with its caption; returns the receipt (pending when TikTok is slow). */
export async function deliverTikTok(post: Post<TikTokOutput>, ctx: Ctx): Promise<Receipt> {
  const clip = videoFile(post, ctx);
  try {
    return await postClip(post, ctx, clip);
  } finally {
    clip.media.close();
  }
}

async function postClip(post: Post<TikTokOutput>, ctx: Ctx, { media, plan }: { media: OpenMedia; plan: ChunkPlan }): Promise<Receipt> {
  const started = Date.now();
  const { name, options } = ctx.channel;
  const caption = post.output.caption;
  if (utf16Length(caption) > CAPTION_LIMIT) {
    throw new ChannelError(name, 'too_long', `the caption is ${utf16Length(caption)} UTF-16 units; TikTok takes at most ${CAPTION_LIMIT}`);
  }
  ctx.progress({ phase: 'checking', note: 'what this account may post' });
  // The clip's duration is read while TikTok answers.
  const [duration, info] = await Promise.all([
    media.format.name === 'WebM' ? undefined : mp4DurationOf(media, media.size),
    creatorInfo(ctx),
  ]);
  const postInfo = postInfoFor(ctx, caption, info, duration);

  // A killed run leaves the publish_id here, so `lookup` can find the post instead of posting twice.
  const key = pendingKey(ctx.article.id);
  // An earlier publish's record must not be found for this one (a durable write: skip it when there is none).
  if (await ctx.tokens.get(key)) await ctx.tokens.set(key, '');
  const { data } = await callTikTok(ctx, 'v2/post/publish/video/init/', {
    post_info: postInfo,
    source_info: { source: 'FILE_UPLOAD', video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount },
  }, 'video init');
  const publishId = typeof data.publish_id === 'string' ? data.publish_id : '';
  const uploadUrl = typeof data.upload_url === 'string' ? data.upload_url : '';
  if (!publishId || !uploadUrl) throw new ChannelError(name, 'bad_response', 'TikTok video init: the answer has no publish_id or upload_url');
  const pending: PendingPublish = { publishId, username: info.username || undefined, videoSize: plan.videoSize };
  await ctx.tokens.set(key, JSON.stringify(pending));

  await uploadFile(ctx, uploadUrl, media, plan);

  ctx.progress({ phase: 'processing', note: 'TikTok is processing the clip' });
  const uploaded = Date.now();
  const processingMs = parseDuration(options.processing_timeout) ?? 300_000;
  // Stop waiting within the channel's time for this run, so the run itself never times out here.
  const deadline = Math.min(uploaded + processingMs, started + ctx.channel.retry.budgetMs);
  const state = await waitForPublish(ctx, publishId, deadline, parseDuration(options.status_poll) ?? 1000);
  if (state.state === 'complete') return completeReceipt(publishId, pending.username, state.postId);
  if (state.state === 'failed') throw failReasonError(name, state.reason, info.maxDurationSec, ctx.channel.variables?.refresh_token);
  const waited = Math.round((Date.now() - uploaded) / 1000);
  ctx.progress({
    phase: 'processing',
    note: `TikTok is still processing the clip after ${waited} s (publish_id ${publishId}); \`publish status\` will finish the check`,
  });
  return pendingReceipt(pending);
}

/** The publish a receipt or the token store says may still be processing. */
async function pendingPublish(ctx: Ctx): Promise<PendingPublish | undefined> {
  const extra = ctx.previous?.extra;
  if (extra && typeof extra.publish_id === 'string' && extra.pending === true) {
    return {
      publishId: extra.publish_id,
      username: typeof extra.creator_username === 'string' ? extra.creator_username : undefined,
      videoSize: undefined,
    };
  }
  const saved = await ctx.tokens.get(pendingKey(ctx.article.id));
  if (!saved) return undefined;
  try {
    const p = JSON.parse(saved) as Partial<PendingPublish>;
    if (typeof p.publishId !== 'string') return undefined;
    return { publishId: p.publishId, username: p.username, videoSize: p.videoSize };
  } catch {
    return undefined;
  }
}

/** What one status check says about an earlier publish (for `lookup`, and for `publish status`). */
export type PublishCheck =
  | { state: 'complete'; receipt: Receipt }
  | { state: 'pending'; receipt: Receipt }
  | { state: 'failed'; error: ChannelError }
  /** No publish to check, or one whose upload never finished: nothing was posted. */
  | { state: 'none' };

/** Checks the publish a stopped or timed-out run left, with one status request. */
export async function checkPending(ctx: Ctx): Promise<PublishCheck> {
  const pending = await pendingPublish(ctx);
  if (!pending) return { state: 'none' };
  let state: PublishState;
  try {
    state = await fetchPublishStatus(ctx, pending.publishId);
  } catch (error) {
    // TikTok forgets unknown or very old publish ids: nothing to find.
    if (error instanceof ChannelError && error.code === 'invalid_param') return { state: 'none' };
    throw error;
  }
  if (state.state === 'complete') return { state: 'complete', receipt: completeReceipt(pending.publishId, pending.username, state.postId) };
  if (state.state === 'failed') return { state: 'failed', error: failReasonError(ctx.channel.name, state.reason, undefined, ctx.channel.variables?.refresh_token) };
  if (pending.videoSize !== undefined && state.uploadedBytes !== undefined && state.uploadedBytes < pending.videoSize) {
    return { state: 'none' }; // the upload was cut off: that post will never appear
  }
  return { state: 'pending', receipt: pendingReceipt(pending) };
}

/**
 * Finds the post of a run that was stopped (or timed out) after TikTok's init, without
 * posting: the finished post, the still-processing publish, or undefined when nothing was
 * posted (no init, an unfinished upload, or FAILED), so sending again is safe.
 */
export async function lookupTikTok(_post: Post<TikTokOutput>, ctx: Ctx): Promise<Receipt | undefined> {
  const found = await checkPending(ctx);
  return found.state === 'complete' || found.state === 'pending' ? found.receipt : undefined;
}

/** `publish check --online`: the token works and the account can post with the configured privacy. */
export async function verifyTikTok(ctx: Ctx): Promise<VerifyResult> {
  try {
    const info = await creatorInfo(ctx);
    const privacy = `privacy: ${info.privacyOptions.join(', ') || 'none offered'}`;
    if (!info.privacyOptions.includes(ctx.channel.options.privacy_level)) {
      return { ok: false, message: `can post as @${info.username} (${privacy}), but not with privacy_level ${ctx.channel.options.privacy_level}: choose one of those` };
    }
    return { ok: true, message: `can post as @${info.username} (${privacy})` };
  } catch (error) {
    if (error instanceof ChannelError) return { ok: false, message: error.message };
    throw error;
  }
}

// The names every channel's deliver.ts exports for the lazy loader (src/channels/lazy.ts).
export { deliverTikTok as deliver, lookupTikTok as lookup, verifyTikTok as verify };
export { loadGot as loadClient } from '../../http/lazy-got.js';
