import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { LETTERS, phrases } from './paragraph.js';

/**
 * Subscription and follow prompts ("Subscribe to our Telegram channel", "Стежте за
 * «Бабелем» в Instagram", "Подписывайтесь на рассылку"). The prompt is an imperative and
 * names a channel, a feed or a newsletter; "Subscribers of the heating network …" and "The
 * channel has a million subscribers" are content.
 */
export const subscriptionPrompt: Family = {
  test,
  longest: 300,
  // A prompt holds an imperative (FOLLOW_WORDS) or "more news", or is a few words and a
  // link ("Бабель у Telegram: t.me/babel").
  otherwise: (p) => STEMS.test(p.text) || (!p.moreWordsThan(8) && p.text.includes('/')),
};

function test(p: Paragraph): 'subscription prompt' | undefined {
  if (p.sentenceCount > 3 || p.opensWithSpeech) return undefined;
  if (!CHANNEL.test(p.ownLower)) return undefined;
  const text = p.ownLower.replace(NOT_LETTERS, '');
  if (FOLLOW.test(text)) return 'subscription prompt';
  // "To get the news first, subscribe to our channel": the imperative later on, with "our"/"us".
  if (FOLLOW_ANYWHERE.test(text) && OURS.test(text)) return 'subscription prompt';
  if (MORE_NEWS.test(text)) return 'subscription prompt';
  if (p.words.length <= 8 && PROFILE_LINK.test(text)) return 'subscription prompt';
  return undefined;
}

const NOT_LETTERS = new RegExp(`^[^${LETTERS}]+`);

const FOLLOW_WORDS = [
  'subscribe', 'follow', 'join', 'sign up', 'sign-up', 'get our', 'stay in touch', 'stay tuned', 'like us', 'find us',
  'watch us', 'listen to us', 'read us', 'add us', "don't miss", 'do not miss',
  'підписуйтеся', 'підписуйтесь', 'підпишіться', 'підписатися', 'стежте', 'слідкуйте', 'приєднуйтеся',
  'приєднуйтесь', 'долучайтеся', 'долучайтесь', 'читайте нас', 'дивіться нас', 'слухайте нас', 'шукайте нас',
  'не пропустіть', 'підписатись',
  'подписывайтесь', 'подпишитесь', 'подписаться', 'следите', 'присоединяйтесь', 'читайте нас', 'смотрите нас',
  'слушайте нас', 'ищите нас', 'не пропустите',
];
const FOLLOW = phrases(FOLLOW_WORDS, { start: true });
const FOLLOW_ANYWHERE = phrases(FOLLOW_WORDS);

/** A part of every one of FOLLOW_WORDS and MORE_NEWS, in any case: the cheap first test. */
const STEMS =
  /subscri|follow|join|sign|get\s+our|stay|(?:like|find|watch|read|add)\s+us|listen|miss|more\s+news|підпис|підпиш|стежте|слідк|приєдн|долуча|нас|пропуст|новин|подпис|подпиш|следите|присоедин|новост/i;

const CHANNEL = phrases([
  'telegram', 'telegram-channel', 'instagram', 'tiktok', 'youtube', 'facebook', 'twitter', 'x.com', 'viber', 'whatsapp',
  'threads', 'bluesky', 'newsletter', 'newsletters', 'mailing list', 'podcast', 'channel', 'channels', 'social media',
  't.me', 'us',
  'телеграм', 'телеграмі', 'телеграм-канал', 'телеграм-каналі', 'телеграм-каналу', 'канал', 'каналі', 'каналу',
  'розсилку', 'розсилка', 'розсилці', 'подкаст', 'соцмережах', 'соцмережі', 'нас',
  'телеграм-канале', 'telegram-канал', 'telegram-канале', 'канале', 'рассылку', 'рассылка', 'рассылке',
  'соцсетях', 'соцсети',
]);

const OURS = phrases(['our', 'us', 'наш', 'нашу', 'нашому', 'нашій', 'нас', 'наши', 'нашем', 'нашей']);

const PROFILE_LINK = /(?:t\.me|telegram\.me|instagram\.com|youtube\.com|youtu\.be|tiktok\.com|facebook\.com|x\.com|twitter\.com|threads\.net)\/\S+/;

/** "More news on our Telegram channel", "Більше новин — у нашому телеграм-каналі". */
const MORE_NEWS = new RegExp(`^(?:more news|більше новин|больше новостей|усі новини|все новости|всі новини)(?![${LETTERS}]).{0,40}(?:our|нашому|нашем|нашій|нашей)`);
