import { lazyDeliver } from '../lazy.js';
import type { ChannelType } from '../types.js';
import { telegramStage } from './card.js';
import { PHOTO_LIMIT_BYTES, telegramOptions, type TelegramOptions, type TelegramOutput } from './options.js';
import { check, render } from './render.js';

/**
 * Telegram channel: one message per article, with title, lead, as much body as fits, link
 * and hashtags; with the article image, the photo carries that text as its caption.
 * No `lookup`: the Bot API cannot find a message a stopped run may have sent.
 */
export const telegram: ChannelType<TelegramOptions, TelegramOutput> = {
  type: 'telegram',
  schema: telegramOptions,
  example: { chat: '@example_channel', token: '${TELEGRAM_BOT_TOKEN}' },
  secretKeys: ['token'],
  sendRequires: ['token'],
  supportsUpdate: true,
  media: (article, channel) => (channel.options.photo === 'caption' && article.image ? [article.image] : []),
  mediaLimits: { image: { maxBytes: PHOTO_LIMIT_BYTES, platform: 'Telegram (sendPhoto)' } },
  render,
  check,
  card: telegramStage,
  platform: 'Telegram',
  requestsPerPost: 1,
  // API-NOTES: 20 messages a minute to one channel.
  perMinute: 20,
  // Sends (or with `--update` edits) the post through telegraf; verify: the bot may post in the chat.
  retractPlan: (receipt, channel) =>
    `delete the post's message${(receipt.extra as { kind?: string } | undefined)?.kind === 'photo+text' ? 's' : ''} ${receipt.url ?? receipt.id} in ${channel.options.chat} (older than 48 hours: edited to "${channel.options.retract_text}")`,
  ...lazyDeliver(() => import('./deliver.js'), { clients: ['telegraf'], verify: true, retract: true }),
};

export default telegram;
