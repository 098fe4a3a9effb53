/** What a `type: telegram` channel takes and sends, and the Bot API's limits. */
import { webUrl, z } from '../../zod.js';

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
  /**
   * What a retracted post's message says when Telegram no longer lets the bot delete it
   * (48 hours after it was sent). Plain text. @default "This post has been withdrawn."
   */
  retract_text: z.string().trim().min(1, 'write the text a withdrawn post shows').default('This post has been withdrawn.'),
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
