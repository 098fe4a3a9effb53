import type { Paragraph } from './paragraph.js';

/** Tag lines: "Tags: Odesa, grain", "Теги: …", "Мітки: …", or a row of hashtags alone. */
export function tagLine(p: Paragraph): 'tag line' | undefined {
  if (p.length > 300) return undefined;
  if (LABEL.test(p.lower) && p.sentenceCount === 1) return 'tag line';
  return p.text.startsWith('#') && p.words.every((w) => /^#[\p{L}\p{N}_]+[,.;]?$/u.test(w)) ? 'tag line' : undefined;
}

const LABEL = /^(?:tags|tagged|tagged with|topics|keywords|теги|тег|мітки|теми|ключові слова|темы|тема|ключевые слова|рубрики|рубрика)\s*[:：]\s*\S/u;
