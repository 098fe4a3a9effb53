import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { LETTERS } from './paragraph.js';

const LABELS = [
  'read also', 'also read', 'read more', 'see also', 'related', 'related stories', 'related articles', 'more on this',
  'more on this topic', 'more on the topic', 'recommended', 'you may also like', 'you might also like', 'don.t miss',
  'читайте також', 'також читайте', 'читайте ще', 'дивіться також', 'більше на тему', 'більше за темою', 'по темі',
  'на тему', 'за темою', 'рекомендуємо', 'детальніше', 'раніше', 'раніше ми писали',
  'читайте также', 'также читайте', 'смотрите также', 'по теме', 'еще по теме', 'ещё по теме', 'рекомендуем',
  'подробнее', 'ранее', 'ранее мы писали',
];

/**
 * "Read also" lines: a label and a headline, left where the CMS had a related link
 * ("Read also: …", "ЧИТАЙТЕ ТАКОЖ …", "Читайте также — …", "По теме: …").
 */
export const readAlso: Family = {
  test,
  longest: 300,
  // Each label's first word; "don.t" is "don't" with any character there.
  openers: [...LABELS.map((l) => l.split(' ')[0]!), "don't", 'don', 'don-t'],
};

function test(p: Paragraph): 'read-also link' | undefined {
  const lead = LEAD.exec(p.text)?.[0].length ?? 0;
  const text = p.text.slice(lead);
  const m = LABEL.exec(p.lower.slice(lead));
  if (!m) return undefined;
  const label = text.slice(0, m[0].length);
  const after = text.slice(label.length);
  // A separator after the label, the label alone, or the label in capitals ("READ ALSO Why…").
  if (/^\s*(?:[:：—–|»>→-]|$)/.test(after)) return 'read-also link';
  if (label === label.toUpperCase() && label !== label.toLowerCase()) return 'read-also link';
  return undefined;
}

const LEAD = /^[\s[(→►▶>»•*-]+/;

const LABEL = new RegExp(`^(?:${LABELS.map((l) => l.replace(/ /g, '\\s+')).join('|')})(?![${LETTERS}])`);
