import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { LETTERS } from './paragraph.js';

const LABELS = ['tags', 'tagged', 'tagged with', 'topics', 'keywords', 'теги', 'тег', 'мітки', 'теми', 'ключові слова', 'темы', 'тема', 'ключевые слова', 'рубрики', 'рубрика'];

/** Tag lines: "Tags: Odesa, grain", "Теги: …", "Мітки: …", or a row of hashtags alone. */
export const tagLine: Family = {
  test,
  longest: 300,
  openers: LABELS.map((l) => l.split(' ')[0]!),
  otherwise: (p) => p.text.charCodeAt(0) === 35, // "#"
};

function test(p: Paragraph): 'tag line' | undefined {
  if (LABEL.test(p.lower) && p.sentenceCount === 1) return 'tag line';
  return p.text.startsWith('#') && p.words.every((w) => HASHTAG.test(w)) ? 'tag line' : undefined;
}

const LABEL = new RegExp(`^(?:${LABELS.join('|')})\\s*[:：]\\s*\\S`);
const HASHTAG = new RegExp(`^#[0-9_${LETTERS}]+[,.;]?$`);
