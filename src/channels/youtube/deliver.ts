/**
 * Sending to YouTube: read the video's snippet (videos.list, 1 quota unit), change the
 * description (and tags/title as configured), write it back (videos.update, 50 units) —
 * or send nothing when the video already says exactly that. Every request goes through
 * `ctx.attempt`, the one retry layer.
 */
import { ChannelError } from '../../errors.js';
import type { DeliverContext, Post, Receipt, Retraction, VerifyResult } from '../types.js';
import type { YouTubeOptions, YouTubeOutput } from './options.js';
import { callOptions, youtubeClient, type YouTubeClient } from './client.js';
import { youtubeError } from './errors.js';
import { nextSnippet, sameSnippet, type VideoSnippet } from './snippet.js';

type Ctx = DeliverContext<YouTubeOptions>;

/** The watch page of a video. */
export function watchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`;
}

/** What the video showed before publish first changed it: what `publish retract` puts back. */
export interface YouTubeBefore {
  title: string;
  description: string;
  tags: string[];
}

function receiptOf(videoId: string, before?: YouTubeBefore): Receipt {
  return before ? { id: videoId, url: watchUrl(videoId), extra: { before: { ...before } } } : { id: videoId, url: watchUrl(videoId) };
}

/** The snapshot an earlier receipt keeps, if any. */
function beforeOf(receipt: Receipt | undefined): YouTubeBefore | undefined {
  const before = (receipt?.extra as { before?: Partial<YouTubeBefore> } | undefined)?.before;
  if (!before || typeof before.description !== 'string' || typeof before.title !== 'string') return undefined;
  return { title: before.title, description: before.description, tags: Array.isArray(before.tags) ? before.tags.filter((t) => typeof t === 'string') : [] };
}

function snapshot(snippet: VideoSnippet): YouTubeBefore {
  return { title: snippet.title ?? '', description: snippet.description ?? '', tags: [...(snippet.tags ?? [])] };
}

async function updateSnippet(client: YouTubeClient, videoId: string, next: VideoSnippet, ctx: Ctx): Promise<void> {
  await ctx.attempt('videos.update', async (signal) => {
    try {
      return await client.api.videos.update(
        { part: ['snippet'], requestBody: { id: videoId, snippet: next } },
        callOptions(signal),
      );
    } catch (error) {
      throw youtubeError(error, { channel: ctx.channel.name, refreshVariable: ctx.channel.variables?.refresh_token, videoId, what: 'videos.update', signal: ctx.signal });
    }
  });
}

/** Refreshes the access token when needed (once per run), under the retry policy. */
function signIn(client: YouTubeClient, ctx: Ctx): Promise<string> {
  return ctx.attempt('token refresh', async () => {
    try {
      return await client.accessToken();
    } catch (error) {
      throw youtubeError(error, { channel: ctx.channel.name, refreshVariable: ctx.channel.variables?.refresh_token, what: 'token refresh', signal: ctx.signal });
    }
  });
}

/** The video's current snippet; a video that is missing or not ours to see is an error naming it. */
async function readSnippet(client: YouTubeClient, videoId: string, ctx: Ctx, source: string | undefined): Promise<VideoSnippet> {
  const res = await ctx.attempt('videos.list', async (signal) => {
    try {
      return await client.api.videos.list({ part: ['snippet'], id: [videoId] }, callOptions(signal));
    } catch (error) {
      throw youtubeError(error, { channel: ctx.channel.name, refreshVariable: ctx.channel.variables?.refresh_token, videoId, what: 'videos.list', signal: ctx.signal });
    }
  });
  const snippet = res.data.items?.find((item) => item.id === videoId)?.snippet ?? res.data.items?.[0]?.snippet;
  if (!snippet) {
    const where = source ? `check \`youtube:\` in ${source}` : 'check the video id';
    throw new ChannelError(ctx.channel.name, 'not_found', `video ${videoId} not found or not visible to this account: ${where}`);
  }
  return snippet;
}

function videoIdOf(post: Post<YouTubeOutput>, ctx: Ctx): string {
  const id = post.output.video_id;
  if (!id) throw new ChannelError(ctx.channel.name, 'no_video', `the article has no \`youtube:\` video id: add one to ${ctx.article.source}`);
  return id;
}

/**
 * Sets the video's description (and tags/title as configured). Create, `--update`, `--force`
 * and a reconcile all do the same: converge the video on the rendered post.
 */
export async function deliverYouTube(post: Post<YouTubeOutput>, ctx: Ctx): Promise<Receipt> {
  const videoId = videoIdOf(post, ctx);
  const client = await youtubeClient(ctx.channel);
  await signIn(client, ctx);
  const current = await readSnippet(client, videoId, ctx, ctx.article.source);
  const next = nextSnippet(current, post.output, ctx.channel.options);
  // The first time publish touches the video, what it showed is kept (in the ledger, with
  // the receipt); every later edit carries that same snapshot on.
  const before = beforeOf(ctx.previous) ?? snapshot(current);
  if (sameSnippet(current, next)) {
    ctx.progress({ phase: 'up to date', note: `video ${videoId} already has this description: nothing sent` });
    return receiptOf(videoId, before);
  }
  await updateSnippet(client, videoId, next, ctx);
  return receiptOf(videoId, before);
}

/**
 * `publish retract`: the title, description and tags go back to what the video showed before
 * publish first changed it (the snapshot in the ledger). Without a snapshot (a post made by an
 * older publish) a person must restore them: the result says so.
 */
export async function retractYouTube(ctx: Ctx): Promise<Retraction> {
  const videoId = ctx.previous?.id;
  if (!videoId) throw new ChannelError(ctx.channel.name, 'bad_receipt', 'the ledger holds no video id for this article');
  const before = beforeOf(ctx.previous);
  if (!before) {
    return { outcome: 'manual', detail: `the ledger has no copy of what video ${videoId} showed before publish (sent by an older publish): restore its description in YouTube Studio (${watchUrl(videoId)})` };
  }
  const client = await youtubeClient(ctx.channel);
  await signIn(client, ctx);
  const current = await readSnippet(client, videoId, ctx, undefined);
  const next: VideoSnippet = { ...current, title: before.title, description: before.description };
  if (before.tags.length > 0) next.tags = [...before.tags];
  else delete next.tags;
  if (sameSnippet(current, next)) return { outcome: 'retracted', detail: `video ${videoId} already shows its description from before publish` };
  await updateSnippet(client, videoId, next, ctx);
  return { outcome: 'retracted', detail: `restored the title, description and tags video ${videoId} had before publish` };
}

/**
 * After a killed run: the post "exists" when the video already carries what we would
 * write. Otherwise undefined, and delivery (which is safe to repeat) runs.
 */
export async function lookupYouTube(post: Post<YouTubeOutput>, ctx: Ctx): Promise<Receipt | undefined> {
  const videoId = videoIdOf(post, ctx);
  const client = await youtubeClient(ctx.channel);
  await signIn(client, ctx);
  const current = await readSnippet(client, videoId, ctx, ctx.article.source);
  return sameSnippet(current, nextSnippet(current, post.output, ctx.channel.options)) ? receiptOf(videoId) : undefined;
}

/**
 * `publish check --online`: the refresh token works, and the account can see the
 * article's video (when the context has one) or else its own channel.
 */
export async function verifyYouTube(ctx: Ctx): Promise<VerifyResult> {
  const client = await youtubeClient(ctx.channel);
  try {
    await signIn(client, ctx);
    // `publish check` passes a stand-in article without a video.
    const videoId = (ctx.article as Partial<Ctx['article']> | undefined)?.youtube;
    if (videoId) {
      const snippet = await readSnippet(client, videoId, ctx, ctx.article.source);
      return { ok: true, message: `signed in; video ${videoId} ("${snippet.title ?? ''}") is visible to this account` };
    }
    const res = await ctx.attempt('channels.list', async (signal) => {
      try {
        return await client.api.channels.list({ part: ['snippet'], mine: true }, callOptions(signal));
      } catch (error) {
        throw youtubeError(error, { channel: ctx.channel.name, refreshVariable: ctx.channel.variables?.refresh_token, what: 'channels.list', signal: ctx.signal });
      }
    });
    const own = res.data.items?.[0];
    if (!own) return { ok: false, message: 'signed in, but this account has no YouTube channel: create the refresh token as the channel that owns the videos' };
    return { ok: true, message: `signed in as YouTube channel "${own.snippet?.title ?? ''}" (${own.id ?? '?'})` };
  } catch (error) {
    const e = youtubeError(error, { channel: ctx.channel.name, refreshVariable: ctx.channel.variables?.refresh_token, what: 'check' });
    return { ok: false, message: e.message };
  }
}

// The names every channel's deliver.ts exports for the lazy loader (src/channels/lazy.ts).
export { deliverYouTube as deliver, lookupYouTube as lookup, retractYouTube as retract, verifyYouTube as verify };
export { loadGoogleApis as loadClient } from './client.js';
