import { webUrl, z } from '../zod.js';
import type { Article } from '../article/types.js';
import { escapeHtml } from '../text/escape.js';
import { TELEGRAM_INLINE } from '../text/inline-markdown.js';
import { telegramVisibleLength } from '../text/measure.js';
import { TELEGRAM_RICH } from '../text/rich.js';
import { checkTelegramHtml } from '../text/telegram-html.js';
import { layoutText, layoutValues, limitProblem, sections, type LayoutValues } from './layout.js';
import { textMarkupProblems } from './markup.js';
import type { ChannelType, DeliverContext, Measure, Post, Problem, Receipt, RenderContext, VerifyResult } from './types.js';

/** Options of a `type: telegram` channel. */
export const telegramOptions = z.object({
  /** Bot token from @BotFather. Secret: use `${TELEGRAM_BOT_TOKEN}`. */
  token: z.string().optional(),
  /** `@public_channel` or a `-100…` numeric id. */
  chat: z
    .union([z.string().regex(/^(@[A-Za-z][A-Za-z0-9_]{3,}|-?\d+)$/, 'use @channel_name or a -100… id'), z.number().int()], {
      error: "expected one chat: @channel_name or the channel's -100… id",
    })
    .transform(String),
  /** Bot API server; a self-hosted one or a test fake. @default https://api.telegram.org */
  api_root: webUrl().default('https://api.telegram.org'),
  /** `caption`: send the article image with the text as its caption; `none`: text only. @default caption */
  photo: z.enum(['caption', 'none']).default('caption'),
  /** Show the link preview under the post. @default true */
  link_preview: z.boolean().default(true),
  /** Send without a notification sound. @default false */
  silent: z.boolean().default(false),
});
export type TelegramOptions = z.infer<typeof telegramOptions>;

/**
 * The Bot API payload of the one message an article becomes (DESIGN "One post per channel").
 * With `photo`, the message is that photo and `text` is its caption (at most 1024
 * characters); without, `text` is a text message (at most 4096).
 */
export interface TelegramOutput {
  /** The message text, or the photo's caption when `photo` is set. */
  text: string;
  parse_mode: 'HTML';
  /** The article image as written in the article (path or https URL). */
  photo?: string;
}

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** sendPhoto takes an uploaded photo of at most 10 MB (Bot API). */
export const PHOTO_LIMIT_BYTES = 10_000_000;
const HASHTAGS = 5;

const layout = (v: LayoutValues): string =>
  sections(v.title ? `<b>${v.title}</b>` : '', v.lead, v.body, v.url, v.hashtags);

/**
 * The post's text fitted to `limit`: title, lead, as much of the body as fits (cut at a
 * sentence, else a word, with "…"), link and hashtags; or the editor's override.
 */
function fittedText(article: Article, channel: RenderContext<TelegramOptions>['channel'], link: string | undefined, limit: number): string {
  const values = layoutValues(article, channel, link, HASHTAGS);
  return layoutText(article, channel, values, { escape: escapeHtml, inline: TELEGRAM_INLINE, rich: TELEGRAM_RICH, measure: telegramVisibleLength, build: layout, limit }).text;
}

/**
 * The text of a long post (up to 4096), as the second message of a post made before one
 * article became one message: `--update` keeps such a message current when Telegram no
 * longer lets it be deleted (after 48 hours).
 */
export function telegramLongText(article: Article, channel: RenderContext<TelegramOptions>['channel'], link: string | undefined): string {
  return fittedText(article, channel, link, TEXT_LIMIT);
}

function render(article: Article, ctx: RenderContext<TelegramOptions>): Post<TelegramOutput> {
  const { channel, link } = ctx;
  const photo = channel.options.photo === 'caption' ? article.image?.ref : undefined;
  const limit = photo === undefined ? TEXT_LIMIT : CAPTION_LIMIT;
  const output: TelegramOutput = { text: fittedText(article, channel, link, limit), parse_mode: 'HTML' };
  if (photo !== undefined) output.photo = photo;
  const measures: Measure[] = [{ field: 'text', used: telegramVisibleLength(output.text), limit, unit: 'UTF-16 units' }];
  const problems = textMarkupProblems(article, channel.name, 'on Telegram', { body: true });
  return { channel: channel.name, type: 'telegram', output, measures, problems };
}

function check(post: Post<TelegramOutput>, ctx: RenderContext<TelegramOptions>): Problem[] {
  const problems: Problem[] = [];
  const photo = post.output.photo !== undefined;
  for (const m of post.measures) {
    for (const p of limitProblem(m, photo ? 'the photo caption' : 'the text')) {
      problems.push(photo ? { ...p, message: `${p.message} (or send the text without the photo: photo: none)` } : p);
    }
  }
  if (!photo && telegramVisibleLength(post.output.text) === 0) {
    problems.push({ severity: 'error', code: 'empty', message: 'the text is empty: Telegram refuses an empty message' });
  }
  for (const p of checkTelegramHtml(post.output.text)) problems.push({ severity: 'error', ...p, message: `text: ${p.message}` });
  if (!ctx.link) {
    problems.push({ severity: 'warning', code: 'no_link', message: 'no link to the story: set `url:` in the article or configure a website channel' });
  }
  return problems;
}

/** The sending code and telegraf, loaded without sending (see ChannelType.load). */
async function load(): Promise<unknown> {
  await import('./telegram/deliver.js');
  return (await import('./telegram/client.js')).loadTelegraf();
}

/** Sends (or with `--update` edits) the post through telegraf; loaded only when sending. */
async function deliver(post: Post<TelegramOutput>, ctx: DeliverContext<TelegramOptions>): Promise<Receipt> {
  const { deliverTelegram } = await import('./telegram/deliver.js');
  return deliverTelegram(post, ctx);
}

/** `publish check --online`: the bot exists, the chat exists, the bot may post there. */
async function verify(ctx: DeliverContext<TelegramOptions>): Promise<VerifyResult> {
  const { verifyTelegram } = await import('./telegram/verify.js');
  return verifyTelegram(ctx);
}

/**
 * Telegram channel: one message per article, with title, lead, as much body as fits, link
 * and hashtags; with the article image, the photo carries that text as its caption.
 * No `lookup`: the Bot API cannot find a message a stopped run may have sent.
 */
export const telegram: ChannelType<TelegramOptions, TelegramOutput> = {
  type: 'telegram',
  schema: telegramOptions,
  secretKeys: ['token'],
  sendRequires: ['token'],
  supportsUpdate: true,
  media: (article, channel) => (channel.options.photo === 'caption' && article.image ? [article.image] : []),
  mediaLimits: { image: { maxBytes: PHOTO_LIMIT_BYTES, platform: 'Telegram (sendPhoto)' } },
  render,
  check,
  load,
  requestsPerPost: 1,
  // API-NOTES: 20 messages a minute to one channel.
  perMinute: 20,
  deliver,
  verify,
};

export default telegram;
