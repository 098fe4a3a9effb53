import { webUrl, z } from '../zod.js';
import type { Article } from '../article/types.js';
import { escapeHtml } from '../text/escape.js';
import { telegramVisibleLength } from '../text/measure.js';
import { checkTelegramHtml } from '../text/telegram-html.js';
import { layoutText, layoutValues, limitProblem, sections, type LayoutValues } from './layout.js';
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

/** The Bot API payload. `caption` is set when the text is too long for a photo caption. */
export interface TelegramOutput {
  /** The message text, or the photo caption when `photo` is set and `caption` is not. */
  text: string;
  parse_mode: 'HTML';
  /** The article image as written in the article (path or https URL). */
  photo?: string;
  /** A short caption for the photo when the full text follows as a separate message. */
  caption?: string;
}

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** sendPhoto takes an uploaded photo of at most 10 MB (Bot API). */
export const PHOTO_LIMIT_BYTES = 10_000_000;
const HASHTAGS = 5;

const layout = (v: LayoutValues): string =>
  sections(v.title ? `<b>${v.title}</b>` : '', v.lead, v.body, v.url, v.hashtags);

const shortLayout = (v: LayoutValues): string => sections(v.title ? `<b>${v.title}</b>` : '', v.lead, v.url);

function render(article: Article, ctx: RenderContext<TelegramOptions>): Post<TelegramOutput> {
  const { channel, link } = ctx;
  const values = layoutValues(article, channel, link, HASHTAGS);
  const common = { escape: escapeHtml, measure: telegramVisibleLength };
  const full = layoutText(article, channel, values, { ...common, build: layout, limit: TEXT_LIMIT });
  const output: TelegramOutput = { text: full.text, parse_mode: 'HTML' };
  const measures: Measure[] = [];
  const photo = channel.options.photo === 'caption' ? article.image?.ref : undefined;
  if (photo !== undefined) {
    output.photo = photo;
    if (telegramVisibleLength(full.text) > CAPTION_LIMIT) {
      // Too long for a caption: a short caption on the photo, then the whole text.
      output.caption = layoutText(article, { ...channel, template: undefined }, values, {
        ...common,
        build: shortLayout,
        limit: CAPTION_LIMIT,
        elastic: ['lead'],
        ignoreOverride: true,
      }).text;
      measures.push({ field: 'caption', used: telegramVisibleLength(output.caption), limit: CAPTION_LIMIT, unit: 'UTF-16 units' });
    }
  }
  const textLimit = photo !== undefined && output.caption === undefined ? CAPTION_LIMIT : TEXT_LIMIT;
  measures.unshift({
    field: output.caption === undefined && photo !== undefined ? 'caption' : 'text',
    used: telegramVisibleLength(output.text),
    limit: textLimit,
    unit: 'UTF-16 units',
  });
  return { channel: channel.name, type: 'telegram', output, measures };
}

function check(post: Post<TelegramOutput>, ctx: RenderContext<TelegramOptions>): Problem[] {
  const problems: Problem[] = [];
  for (const m of post.measures) problems.push(...limitProblem(m, `the ${m.field}`));
  for (const [field, html] of [['text', post.output.text], ['caption', post.output.caption]] as const) {
    if (html === undefined) continue;
    if (telegramVisibleLength(html) === 0) {
      problems.push({ severity: 'error', code: 'empty', message: `the ${field} is empty: Telegram refuses an empty message` });
    }
    for (const p of checkTelegramHtml(html)) problems.push({ severity: 'error', ...p, message: `${field}: ${p.message}` });
  }
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
 * Telegram channel: a post with title, lead, link and hashtags (and the image, if any).
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
