import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { bare } from './paragraph.js';

const NETWORKS = new Set(
  'facebook twitter x telegram viber whatsapp linkedin reddit pinterest threads bluesky mastodon messenger vk vkontakte email e-mail mail tumblr flipboard'.split(' '),
);
const SHARE = new Set('share shares поділитися поділись поделиться поделись copy скопіювати копіювати скопировать копировать'.split(' '));
const BUTTONS = new Set([
  ...SHARE,
  ...'this article story post on via link print the it with friends посилання ссылку ссылка друк печать статтею статьей у в'.split(' '),
]);

/**
 * What share buttons leave in an export: "Share", "Поділитися: Facebook Telegram Viber",
 * "Copy link". Every word is a network's name or a button's; a sentence that mentions
 * Telegram or a share price has other words too.
 */
export const shareButtons: Family = {
  test,
  longest: 200,
  openers: [...NETWORKS, ...BUTTONS],
};

function test(p: Paragraph): 'share buttons' | undefined {
  if (!isButton(p.firstWord)) return undefined;
  const words = p.words.map((w) => bare(w).toLowerCase()).filter((w) => w !== '' && !/^\d+$/.test(w));
  if (words.length === 0 || !words.every((w) => NETWORKS.has(w) || BUTTONS.has(w))) return undefined;
  const networks = words.filter((w) => NETWORKS.has(w)).length;
  return words.some((w) => SHARE.has(w)) || networks >= 2 ? 'share buttons' : undefined;
}

function isButton(word: string): boolean {
  const w = bare(word).toLowerCase();
  return NETWORKS.has(w) || BUTTONS.has(w);
}
