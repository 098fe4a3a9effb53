import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { bare, LETTERS, phrases } from './paragraph.js';

/**
 * Donation appeals ("Babel needs your support … One-time") and the amount buttons under
 * them ("Monthly 250 UAH 500 UAH 1000 UAH Donate"). A report on a fundraiser, a price list
 * or a quoted volunteer asking for money is content: an appeal is the newsroom asking for
 * itself (imperative or "your support" together with "we"/"our"), outside quotation marks;
 * an amount row is amounts and button words and next to nothing else.
 *
 * Asked about every paragraph, long ones too: an appeal can be long.
 */
export const donation: Family = {
  longest: Number.POSITIVE_INFINITY,
  test: (p) => (amountRow(p) ? 'donation amounts' : appeal(p) ? 'donation appeal' : undefined),
};

const NUMBER = String.raw`\d{1,3}(?:[\s\u00A0\u202F.,]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const SYMBOL = '[€$£₴₽]';
const CODE = 'uah|eur|usd|gbp|pln|zł|zl|грн\\.?|гривень|гривен|гривні|гривна|hryvnias?|euros?|євро|евро|dollars?|доларів|долларов|pounds?|руб\\.?|рублей';
/** "€5", "$ 10", "250 UAH", "100 ₴", "20 zł", "5 €". */
const AMOUNT = new RegExp(`${SYMBOL}\\s?(?:${NUMBER})|(?:${NUMBER})\\s?(?:${SYMBOL}|(?:${CODE})(?![${LETTERS}]))`, 'g');

/** A currency sign or name, anywhere (the first, cheap test for a row of amounts). */
const CURRENCY = /[€$£₴₽]|uah|eur|usd|gbp|pln|zł|zl|грн|грив|hryvn|євро|евро|dollar|долар|доллар|pound|руб/i;

/** Words found on donation buttons, in the languages of the exports (bare, lower case). */
const BUTTON_WORDS = new Set(
  `one-time one time once monthly yearly annually weekly donate donation support contribute give other amount custom choose
   your pay paypal patreon card now us every month per a or
   wesprzyj wpłać wpłata jednorazowo miesięcznie inna kwota
   разово одноразово щомісяця щомісячно щороку підтримати підтримай підтримайте задонатити донат інша сума іншу суму обрати на або
   єдиноразово ежемесячно единоразово другая сумма другую сумму поддержать поддержите пожертвовать выбрать или в месяц місяць`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const DONATE_WORDS = /^(?:donate|support|contribute|give|one-time|monthly|wesprzyj|wpłać|підтримати|задонатити|разово|щомісяця|поддержать|пожертвовать|разово|ежемесячно|единоразово)$/;

/** "€5 €10 €25", "Monthly 250 UAH 500 UAH Donate", "Donate monthly", "Разово Щомісяця". */
function amountRow(p: Paragraph): boolean {
  if (p.length > 300) return false;
  // Cheap refusals first: a row of buttons is a few words; a row of amounts names a currency.
  const many = p.moreWordsThan(4);
  const priced = DIGIT.test(p.text) && CURRENCY.test(p.text);
  if (many && !priced) return false;
  const amounts = priced ? (p.lower.match(AMOUNT)?.length ?? 0) : 0;
  if (amounts < 2 && many) return false;
  const rest = p.lower.replace(AMOUNT, ' ').split(/\s+/).map(bare).filter((w) => w !== '');
  const other = rest.filter((w) => !BUTTON_WORDS.has(w) && !/^\d+$/.test(w));
  if (amounts >= 2) return other.length <= 1 && other.length <= (amounts + rest.length) / 5;
  // No amounts: a row of button words alone, with at least one that asks for money.
  return rest.length > 0 && rest.length <= 4 && other.length === 0 && rest.some((w) => DONATE_WORDS.test(w));
}

const DIGIT = /\d/;

/** The newsroom asking, at the start of a sentence: "Support us", "Підтримайте нас", "Поддержите …". */
const ASK_WORDS = [
  'donate', 'please donate', 'please support', 'please consider', 'consider supporting', 'help us',
  'become a patron', 'become a member', 'become a supporter', 'become a donor', 'become one of them',
  'make a donation', 'make a contribution', 'chip in', 'join our community', 'give monthly',
  'підтримайте', 'підтримай', 'задонатьте', 'зробіть внесок', 'станьте патроном', 'станьте донором',
  'станьте частиною', 'станьте одним', 'станьте однією', 'допоможіть нам',
  'поддержите', 'поддержи', 'сделайте пожертвование', 'пожертвуйте', 'станьте патроном', 'станьте донором',
  'станьте частью', 'станьте одним', 'помогите нам',
].map((w) => w.replace(/ /g, '\\s+'));
/** A sentence start: the text's, or after . ! ? … and closing quotes; "So," and the like may come first. */
const SENTENCE_START = String.raw`(?:^|[.!?…]["»”’)]*\s+)(?:(?:so|then|now|так|тож|итак)[,\s]+)?`;
const ASK = new RegExp(`${SENTENCE_START}(?:${ASK_WORDS.join('|')})(?![0-9${LETTERS}])`);

/** "Support Babel's reporting", "Support independent journalism": not "Support for the war is falling". */
const SUPPORT_SOMEONE = new RegExp(
  `${SENTENCE_START}support\\s+(?!(?:for|of|from|among|in|to|is|was|has|had|grows|grew|fell|falls|remains)(?![${LETTERS}]))\\S`,
);

/** "Babel needs your support." opening a paragraph. */
const NEEDS_YOUR = /^\S+(?:\s\S+)?\s(?:needs|need)\s+your\s+(?:support|help)/;

/** Asking for the newsroom itself, anywhere: "support us", "підтримайте нашу роботу". */
const ASK_FOR_US = phrases([
  'support us', 'help us', 'support our work', 'support our journalism', 'support our reporting', 'support our newsroom',
  'підтримайте нас', 'підтримати нас', 'підтримуйте нас', 'допоможіть нам', 'підтримайте нашу', 'підтримайте наш',
  'поддержите нас', 'поддержать нас', 'поддерживайте нас', 'помогите нам', 'поддержите нашу', 'поддержите наш',
]);

/** Addressing the reader about money or support: "needs your support", "завдяки вам". */
const YOUR_SUPPORT = phrases([
  'needs your support', 'need your support', 'needs your help', 'need your help', 'your support', 'your donation',
  'your donations', 'every donation', 'every contribution', 'reader-funded', 'reader-supported', 'funded by readers',
  'funded by our readers', 'thanks to our readers', 'thanks to readers', 'thanks to donations', 'grants and donations',
  'потрібна ваша підтримка', 'потрібна ваша допомога', 'потребує вашої підтримки', 'ваша підтримка', 'вашої підтримки',
  'завдяки вам', 'завдяки читачам', 'завдяки нашим читачам', 'завдяки донатам', 'кожен донат', 'донатом',
  'нужна ваша поддержка', 'нужна ваша помощь', 'нуждается в вашей поддержке', 'ваша поддержка', 'вашей поддержки',
  'благодаря вам', 'благодаря читателям', 'благодаря нашим читателям', 'на деньги читателей', 'пожертвованием',
  'пожертвования',
]);

const WE = phrases(['we', 'our', 'us', 'ми', 'нас', 'наш', 'наша', 'нашу', 'наші', 'нам', 'мы', 'наши', 'нашей', 'нашим']);

/**
 * Every appeal has one of these stems; most paragraphs have none, and skip the slower
 * tests. Matched with `i` on the text: lower-casing a long Cyrillic paragraph costs more.
 */
const APPEAL_STEMS =
  /support|donat|help|please|consider|gift|give|patron|member|contribut|fund|chip in|підтрим|донат|допомож|внес|патрон|завдяки|поддерж|пожертв|помоги|благодаря|деньги читател/i;

function appeal(p: Paragraph): boolean {
  if (!APPEAL_STEMS.test(p.text) || p.opensWithSpeech) return false;
  // The whole text must show a signal; the newsroom's own words (without quoted speech)
  // decide. Every branch of `asking` needs a signal, so when they are the same text, one pass.
  const own = p.ownLower;
  if (own !== p.lower && !anySignal(p.lower)) return false;
  return asking(own, p);
}

function anySignal(text: string): boolean {
  return ASK_FOR_US.test(text) || YOUR_SUPPORT.test(text) || NEEDS_YOUR.test(text) || asks(text);
}

function asks(text: string): boolean {
  return ASK.test(text) || SUPPORT_SOMEONE.test(text);
}

/** Asking for the newsroom, in `text` (lower case): for itself, or for the reader's support beside "we". */
function asking(text: string, p: Paragraph): boolean {
  if (ASK_FOR_US.test(text) || NEEDS_YOUR.test(text)) return true;
  if (YOUR_SUPPORT.test(text)) return WE.test(text) || asks(text);
  return asks(text) && (WE.test(text) || !p.moreWordsThan(4));
}
