import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { LETTERS } from './paragraph.js';

/** "Found a mistake? Select it and press Ctrl+Enter", "Помітили помилку? …", "Нашли ошибку? …". */
export const errorReportPrompt: Family = {
  test,
  longest: 300,
  // The question opens the paragraph; else the key combination is somewhere in it.
  openers: ['if', 'found', 'find', 'spot', 'spotted', 'noticed', 'notice', 'see', 'якщо', 'помітили', 'знайшли', 'бачите', 'если', 'нашли', 'заметили', 'видите'],
  otherwise: (p) => CTRL_ENTER.test(p.text),
};

function test(p: Paragraph): 'error-report prompt' | undefined {
  if (CTRL_ENTER.test(p.text)) return 'error-report prompt';
  return MISTAKE.test(p.lower) ? 'error-report prompt' : undefined;
}

const CTRL_ENTER = /ctrl\s*\+\s*enter/i;

/** The question and the request together, without the key combination. */
const MISTAKE = new RegExp(
  `^(?:${[
    String.raw`(?:if you )?(?:found|find|spot|spotted|noticed|notice|see) (?:a |an )?(?:mistake|typo|error)s?(?![${LETTERS}]).*[^${LETTERS}](?:press|let us know|tell us|write to us|email us|report)`,
    String.raw`(?:якщо ви )?(?:помітили|знайшли|бачите) (?:помилку|одрук)(?![${LETTERS}]).*[^${LETTERS}](?:натисніть|повідомте|напишіть)`,
    String.raw`(?:если вы )?(?:нашли|заметили|видите) (?:ошибку|опечатку)(?![${LETTERS}]).*[^${LETTERS}](?:нажмите|сообщите|напишите)`,
  ].join('|')})`,
);
