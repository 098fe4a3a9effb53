import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';

const MARKERS = [
  'advertisement', 'advertising', 'ad', 'ads', 'sponsored', 'sponsored content', 'promoted', 'promotion',
  'partner content', 'partner material', 'paid content', 'paid partnership', 'commercial',
  'реклама', 'партнерський матеріал', 'партнерський проєкт', 'партнерський проект', 'спецпроєкт', 'спецпроект',
  'на правах реклами', 'матеріал на правах реклами', 'промо',
  'партнерский материал', 'партнерский проект', 'на правах рекламы', 'материал на правах рекламы',
  'нативная реклама', 'спонсорский материал',
];

/** Ad markers: a paragraph that is only "Advertisement", "Реклама", "Партнерський матеріал", … */
export const adMarker: Family = {
  test,
  longest: 80,
  openers: [...MARKERS, 'presented', 'in', 'partner', 'партнерський', 'за', 'партнерский', 'при'].map((m) => m.split(' ')[0]!),
};

function test(p: Paragraph): 'ad marker' | undefined {
  const text = p.lower.replace(/[\s.:!*()[\]–—-]+$|^[\s.:!*()[\]–—-]+/g, '');
  return MARKER.test(text) || SPONSORED_BY.test(text) ? 'ad marker' : undefined;
}

const MARKER = new RegExp(`^(?:${MARKERS.map((m) => m.replace(/ /g, '\\s+')).join('|')})(?:\\s*\\d+\\+)?$`);

/** "Sponsored by Acme", "Партнерський матеріал від Acme", "Материал на правах рекламы от Acme". */
const SPONSORED_BY = /^(?:sponsored by|presented by|in partnership with|partner content from|партнерський матеріал (?:від|з)|за підтримки|партнерский материал (?:от|с)|при поддержке)\s+\S/;
