import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';

/**
 * Copyright lines: "© 2025 Babel. All rights reserved.", "© «Бабель», 2025", "Все права
 * защищены. Использование материалов разрешено только со ссылкой на источник."
 */
export const copyrightLine: Family = {
  test,
  longest: 300,
  // "(c) 2025", "Copyright …", "Republishing …"; else "©" first or "all rights reserved".
  openers: ['c', 'copyright', 'republishing', 'reproduction', 'reprinting', 'use', 'використання', 'при', 'передрук', 'использование', 'перепечатка'],
  otherwise: (p) => p.text.charCodeAt(0) === 0xa9 || RIGHTS.test(p.text),
};

function test(p: Paragraph): 'copyright line' | undefined {
  if (p.opensWithSpeech) return undefined;
  if (SIGN.test(p.lower) || ((p.lower.includes('rights') || p.lower.includes('права')) && RESERVED.test(p.lower))) return 'copyright line';
  return REUSE.test(p.lower) && LINK.test(p.lower) ? 'copyright line' : undefined;
}

/** A part of every one of RESERVED, in any case. */
const RIGHTS = /rights reserved|права за/i;
/** The sign opening the line, or "Copyright ©", "(c) 2025". */
const SIGN = /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))/;
const RESERVED = /all rights reserved|усі права захищен|всі права захищен|усі права застережен|все права защищены/;
/** "Republishing is allowed only with a link", "Використання матеріалів дозволяється лише з посиланням". */
const REUSE = /^(?:republishing|reproduction|reprinting|use of (?:the )?materials?|використання матеріалів|при використанні матеріалів|передрук|использование материалов|при использовании материалов|перепечатка)/;
const LINK = /link|hyperlink|посилання|гіперпосилання|ссылк|гиперссылк/;
