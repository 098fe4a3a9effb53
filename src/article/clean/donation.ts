import type { Paragraph } from './paragraph.js';
import { bare, phrases } from './paragraph.js';

/**
 * Donation appeals ("Babel needs your support … One-time") and the amount buttons under
 * them ("Monthly 250 UAH 500 UAH 1000 UAH Donate"). A report on a fundraiser, a price list
 * or a quoted volunteer asking for money is content: an appeal is the newsroom asking for
 * itself (imperative or "your support" together with "we"/"our"), outside quotation marks;
 * an amount row is amounts and button words and next to nothing else.
 */
export function donation(p: Paragraph): 'donation appeal' | 'donation amounts' | undefined {
  if (amountRow(p)) return 'donation amounts';
  if (appeal(p)) return 'donation appeal';
  return undefined;
}

const NUMBER = String.raw`\d{1,3}(?:[\s\u00A0\u202F.,]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const SYMBOL = '[€$£₴₽]';
const CODE = 'uah|eur|usd|gbp|pln|zł|zl|грн\\.?|гривень|гривен|гривні|гривна|hryvnias?|euros?|євро|евро|dollars?|доларів|долларов|pounds?|руб\\.?|рублей';
/** "€5", "$ 10", "250 UAH", "100 ₴", "20 zł", "5 €". */
const AMOUNT = new RegExp(`${SYMBOL}\\s?(?:${NUMBER})|(?:${NUMBER})\\s?(?:${SYMBOL}|(?:${CODE})(?![\\p{L}]))`, 'gu');

/** A currency sign or name, anywhere (the first, cheap test for a row of amounts). */
const CURRENCY = /[€$£₴₽]|uah|eur|usd|gbp|pln|zł|zl|грн|грив|hryvn|євро|евро|dollar|долар|доллар|pound|руб/i;

/** Words found on donation buttons, in the languages of the exports (bare, lower case). */
const BUTTON_WORDS = new Set(
  `one-time one time once monthly yearly annually weekly donate donation support contribute give other amount custom choose
   your pay paypal patreon card now us every month per a or
   wesprzyj wpłać wpłata jednorazowo miesięcznie inna kwota
   разово одноразово щомісяця щомісячно щороку підтримати підтримай підтримайте задонатити донат інша сума іншу суму обрати на або
   єдиноразово ежемесячно единоразово другая сумма другую сумму поддержать поддержите пожертвовать выбрать или в месяц місяць`
    .split(/\s+/u)
    .filter((w) => w !== ''),
);

const DONATE_WORDS = /^(?:donate|support|contribute|give|one-time|monthly|wesprzyj|wpłać|підтримати|задонатити|разово|щомісяця|поддержать|пожертвовать|разово|ежемесячно|единоразово)$/u;

/** "€5 €10 €25", "Monthly 250 UAH 500 UAH Donate", "Donate monthly", "Разово Щомісяця". */
function amountRow(p: Paragraph): boolean {
  if (p.length > 300) return false;
  // Cheap refusals first: a row of buttons is a few words; a row of amounts names a currency.
  const priced = /\d/.test(p.text) && CURRENCY.test(p.text);
  if (!priced && p.moreWordsThan(4)) return false;
  const amounts = priced ? (p.lower.match(AMOUNT)?.length ?? 0) : 0;
  if (amounts < 2 && p.moreWordsThan(4)) return false;
  const rest = p.lower.replace(AMOUNT, ' ').split(/\s+/u).map(bare).filter((w) => w !== '');
  const other = rest.filter((w) => !BUTTON_WORDS.has(w) && !/^\d+$/u.test(w));
  if (amounts >= 2) return other.length <= 1 && other.length <= (amounts + rest.length) / 5;
  // No amounts: a row of button words alone, with at least one that asks for money.
  return rest.length > 0 && rest.length <= 4 && other.length === 0 && rest.some((w) => DONATE_WORDS.test(w));
}

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
const ASK = new RegExp(`${SENTENCE_START}(?:${ASK_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'u');

/** "Support Babel's reporting", "Support independent journalism": not "Support for the war is falling". */
const SUPPORT_SOMEONE = new RegExp(
  `${SENTENCE_START}support\\s+(?!(?:for|of|from|among|in|to|is|was|has|had|grows|grew|fell|falls|remains)(?![\\p{L}]))\\S`,
  'u',
);

/** "Babel needs your support." opening a paragraph. */
const NEEDS_YOUR = /^\S+(?:\s\S+)?\s(?:needs|need)\s+your\s+(?:support|help)/u;

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
 * Every appeal has one of these stems, in its script; most paragraphs have none, and skip
 * the slower tests. Matched with `i` on the text: lower-casing a long Cyrillic paragraph
 * costs more.
 */
const APPEAL_STEMS_LATIN = /support|donat|help|please|consider|gift|give|patron|member|contribut|fund|chip in/i;
const APPEAL_STEMS_CYRILLIC = /підтрим|донат|допомож|внес|патрон|завдяки|поддерж|пожертв|помоги|благодаря|деньги читател/i;
/** Any Cyrillic letter (a small class: no \\p{…} needed). */
const CYRILLIC = /[а-яіїєґё]/i;

function appeal(p: Paragraph): boolean {
  const stems = APPEAL_STEMS_LATIN.test(p.text) || (CYRILLIC.test(p.text) && APPEAL_STEMS_CYRILLIC.test(p.text));
  if (!stems || p.opensWithSpeech) return false;
  // Cheap tests on the whole text first; only a paragraph that passes one is read again
  // without its quoted speech.
  const found = signals(p.lower);
  if (!found.askUs && !found.yours && !found.needs && !found.asks) return false;
  const own = p.ownLower;
  const { askUs, yours, needs, asks } = own === p.lower ? found : signals(own);
  if (askUs || needs) return true;
  const we = WE.test(own);
  if (yours && we) return true;
  return asks && (we || yours || !p.moreWordsThan(4));
}

function signals(text: string): { askUs: boolean; yours: boolean; needs: boolean; asks: boolean } {
  return {
    askUs: ASK_FOR_US.test(text),
    yours: YOUR_SUPPORT.test(text),
    needs: NEEDS_YOUR.test(text),
    asks: ASK.test(text) || SUPPORT_SOMEONE.test(text),
  };
}
