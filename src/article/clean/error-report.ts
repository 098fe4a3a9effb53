import type { Paragraph } from './paragraph.js';

/** "Found a mistake? Select it and press Ctrl+Enter", "Помітили помилку? …", "Нашли ошибку? …". */
export function errorReportPrompt(p: Paragraph): 'error-report prompt' | undefined {
  if (p.length > 300) return undefined;
  if (p.lower.includes('ctrl') && /ctrl\s*\+\s*enter/u.test(p.lower)) return 'error-report prompt';
  return MISTAKE.test(p.lower) ? 'error-report prompt' : undefined;
}

/** The question and the request together, without the key combination. */
const MISTAKE = new RegExp(
  [
    String.raw`^(?:if you )?(?:found|find|spot|spotted|noticed|notice|see) (?:a |an )?(?:mistake|typo|error)s?(?!\p{L}).*(?<!\p{L})(?:press|let us know|tell us|write to us|email us|report)`,
    String.raw`^(?:якщо ви )?(?:помітили|знайшли|бачите) (?:помилку|одрук)(?!\p{L}).*(?<!\p{L})(?:натисніть|повідомте|напишіть)`,
    String.raw`^(?:если вы )?(?:нашли|заметили|видите) (?:ошибку|опечатку)(?!\p{L}).*(?<!\p{L})(?:нажмите|сообщите|напишите)`,
  ].join('|'),
  'u',
);
