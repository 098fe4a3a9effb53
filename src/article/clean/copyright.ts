import type { Paragraph } from './paragraph.js';

/**
 * Copyright lines: "© 2025 Babel. All rights reserved.", "© «Бабель», 2025", "Все права
 * защищены. Использование материалов разрешено только со ссылкой на источник."
 */
export function copyrightLine(p: Paragraph): 'copyright line' | undefined {
  if (p.length > 300 || p.opensWithSpeech) return undefined;
  if (SIGN.test(p.lower) || ((p.lower.includes('rights') || p.lower.includes('права')) && RESERVED.test(p.lower))) return 'copyright line';
  return REUSE.test(p.lower) && LINK.test(p.lower) ? 'copyright line' : undefined;
}

/** The sign opening the line, or "Copyright ©", "(c) 2025". */
const SIGN = /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))/u;
const RESERVED = /all rights reserved|усі права захищен|всі права захищен|усі права застережен|все права защищены/u;
/** "Republishing is allowed only with a link", "Використання матеріалів дозволяється лише з посиланням". */
const REUSE = /^(?:republishing|reproduction|reprinting|use of (?:the )?materials?|використання матеріалів|при використанні матеріалів|передрук|использование материалов|при использовании материалов|перепечатка)/u;
const LINK = /link|hyperlink|посилання|гіперпосилання|ссылк|гиперссылк/u;
