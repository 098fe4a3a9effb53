import type { Paragraph } from './paragraph.js';

/**
 * "Read also" lines: a label and a headline, left where the CMS had a related link
 * ("Read also: …", "ЧИТАЙТЕ ТАКОЖ …", "Читайте также — …", "По теме: …").
 */
export function readAlso(p: Paragraph): 'read-also link' | undefined {
  if (p.length > 300) return undefined;
  const lead = /^[\s[(→►▶>»•*-]+/u.exec(p.text)?.[0].length ?? 0;
  const text = p.text.slice(lead);
  const m = LABEL.exec(p.lower.slice(lead));
  if (!m) return undefined;
  const label = text.slice(0, m[0].length);
  const after = text.slice(label.length);
  // A separator after the label, the label alone, or the label in capitals ("READ ALSO Why…").
  if (/^\s*(?:[:：—–|»>→-]|$)/u.test(after)) return 'read-also link';
  if (label === label.toUpperCase() && /\p{Lu}/u.test(label)) return 'read-also link';
  return undefined;
}

const LABEL = new RegExp(
  `^(?:${[
    'read also', 'also read', 'read more', 'see also', 'related', 'related stories', 'related articles', 'more on this',
    'more on this topic', 'more on the topic', 'recommended', 'you may also like', 'you might also like', 'don.t miss',
    'читайте також', 'також читайте', 'читайте ще', 'дивіться також', 'більше на тему', 'більше за темою', 'по темі',
    'на тему', 'за темою', 'рекомендуємо', 'детальніше', 'раніше', 'раніше ми писали',
    'читайте также', 'также читайте', 'смотрите также', 'по теме', 'еще по теме', 'ещё по теме', 'рекомендуем',
    'подробнее', 'ранее', 'ранее мы писали',
  ].map((l) => l.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}])`,
  'u',
);
