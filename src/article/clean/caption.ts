import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { bare, isUpper, isWordChar, LETTERS, phrases } from './paragraph.js';
import { predicateOf } from './predicate.js';

/**
 * Unmarked photo captions: a short line describing a picture, left between paragraphs by
 * the CMS ("Ukrainian and Russian delegations at negotiations in Istanbul."). A caption is
 * one sentence ending in a full stop (a subheading has none), naming someone or somewhere,
 * that names rather than says:
 * no finite verb — or, in the wire style, a present tense with a dateline ("…, May 2025")
 * or people doing something in a named place. Anything that looks like prose stays: quotes,
 * numbers and amounts, pronouns, connectives, negation, past and future tenses, time words.
 */
export const photoCaption: Family = {
  test,
  longest: 180,
  // Never the title; one sentence ending in a full stop ("..." is an ellipsis).
  otherwise: (p) => !p.first && p.text.charCodeAt(p.length - 1) === 46 && p.text.charCodeAt(p.length - 2) !== 46,
};

function test(p: Paragraph): 'photo caption' | undefined {
  if (p.opensWithSpeech || !oneSentence(p) || !wordBeforeStop(p.text)) return undefined;
  const words = p.words;
  if (words.length < 3 || words.length > 28) return undefined;
  // No colon (a time "10:30" aside), question, exclamation, per cent or currency; a capital first.
  const text = p.text.includes(':') ? p.text.replace(/\d:\d/g, '') : p.text;
  if (NOT_IN_CAPTIONS.test(text) || !isUpper(text.charCodeAt(0)) || isDigit(p.text.charCodeAt(0))) return undefined;
  if (PRONOUN_OR_CONNECTIVE.test(p.lower) || FIRST_PERSON.test(p.lower)) return undefined;
  if (QUOTES.test(p.text) || COUNT.test(p.text)) return undefined;

  // A caption names someone or somewhere ("… in Istanbul", "Зеленський …", "… 2025").
  if (!words.some((w, i) => i > 0 && named(w)) && !YEAR.test(p.text)) return undefined;

  const predicate = predicateOf(p.text, p.cyrillic);
  if (predicate.stated) return undefined;
  // "Details to follow": an English "to" + verb wants something; a Slavic infinitive is told
  // from a plural noun ("ракети") only beside a finite verb.
  if (predicate.infinitive && !DATELINE.test(p.lower) && (predicate.present || p.cyrillic === undefined)) return undefined;
  if (!predicate.present) return 'photo caption';
  if (DATELINE.test(p.lower)) return 'photo caption';
  if (PEOPLE.test(p.lower) && namedPlace(words)) return 'photo caption';
  return undefined;
}

const NOT_IN_CAPTIONS = /[:;?!%€$£₴₽]/;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const QUOTES = /[“”"„]/;
const YEAR = /(?:19|20)\d\d/;

/** The full stop closes a word (perhaps inside a bracket or quote): "… Istanbul." or "… (AFP)." */
function wordBeforeStop(text: string): boolean {
  let i = text.length - 2;
  if (CLOSERS.includes(text[i] ?? '')) i--;
  return i >= 0 && isWordChar(text.charCodeAt(i));
}

const CLOSERS = ')»”"';

/** A capitalised word, perhaps after an opening quote or bracket: a name. */
function named(word: string): boolean {
  const at = OPENERS.includes(word[0] ?? '') ? 1 : 0;
  return at < word.length && isUpper(word.charCodeAt(at));
}

const OPENERS = '«„"(';

/** One sentence: no ". ", "! ", "? " or "… " before the end, or none that starts a new sentence. */
function oneSentence(p: Paragraph): boolean {
  const t = p.text;
  const inner = t.indexOf('. ') + 1 || t.indexOf('! ') + 1 || t.indexOf('? ') + 1 || t.indexOf('… ') + 1;
  return inner === 0 || p.sentenceCount === 1;
}

/** A sentence opening with a pronoun, article-less "It", or a connective continues prose. */
const PRONOUN_OR_CONNECTIVE = phrases(
  [
    'it', 'this', 'that', 'these', 'those', 'there', 'here', 'he', 'she', 'they', 'we', 'i', 'you',
    'but', 'and', 'so', 'yet', 'however', 'also', 'still', 'meanwhile', 'then', 'thus', 'therefore', 'instead', 'only',
    'це', 'цей', 'ця', 'ці', 'той', 'та', 'те', 'ті', 'там', 'тут', 'він', 'вона', 'воно', 'вони', 'ми', 'ви', 'я',
    'але', 'проте', 'однак', 'тому', 'також', 'а', 'і', 'й', 'та', 'втім', 'натомість', 'тож', 'лише', 'тільки',
    'это', 'этот', 'эта', 'эти', 'тот', 'то', 'там', 'здесь', 'он', 'она', 'оно', 'они', 'мы', 'вы', 'я',
    'но', 'однако', 'поэтому', 'также', 'и', 'впрочем', 'зато', 'лишь', 'только',
  ],
  { start: true },
);

const FIRST_PERSON = phrases(['we', 'our', 'us', 'i', 'my', 'ми', 'нас', 'наш', 'наша', 'наші', 'мы', 'наши', 'я', 'мене', 'меня']);

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'січень', 'лютий', 'березень', 'квітень', 'травень', 'червень', 'липень', 'серпень', 'вересень', 'жовтень', 'листопад', 'грудень',
  'січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня',
  'январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь',
  'января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
].join('|');

/** A dateline closing the caption: ", 2 March 2025.", ", October 2025.", ", May 15, 2025.", ", жовтень 2022 року." */
const DATELINE = new RegExp(
  `,\\s*(?:\\d{1,2}\\s+)?(?:${MONTHS})\\.?(?:\\s+\\d{1,2},)?\\s+(?:19|20)\\d{2}(?:\\s*(?:року|года|р\\.|г\\.))?\\.$`,
);

/** Lower-case letters of the Latin and Cyrillic scripts (`\p{Ll}` for the languages of the exports). */
const LOWER_CASE = 'a-z\\u00b5\\u00df-\\u00f6\\u00f8-\\u00ff\\u0430-\\u045f\\u0491';

/** A count of things ("248 lawmakers", "34 из 40 дронов"): prose; a caption's numbers are dates and names. */
const COUNT = new RegExp(
  `(?:^|[^${LETTERS}\\d-])\\d[\\d.,]*\\s+(?!(?:${MONTHS}|року|році|рік|года|году|год|р\\.|г\\.)(?![${LETTERS}]))[${LOWER_CASE}]`,
);


/** People a picture shows doing something ("Rescuers work …", "Спасатели тушат …"). */
const PEOPLE = phrases(
  [
    'people', 'residents', 'rescuers', 'volunteers', 'soldiers', 'servicemen', 'firefighters', 'pupils', 'children',
    'students', 'teachers', 'doctors', 'medics', 'police', 'officers', 'women', 'men', 'woman', 'man', 'farmers',
    'workers', 'refugees', 'evacuees', 'sappers', 'deminers', 'activists', 'protesters', 'visitors', 'relatives',
    'miners', 'engineers', 'journalists', 'actors', 'civilians', 'locals', 'villagers', 'passengers', 'fans',
    'люди', 'мешканці', 'жителі', 'рятувальники', 'волонтери', 'військові', 'бійці', 'пожежники', 'учні', 'діти',
    'студенти', 'вчителі', 'лікарі', 'медики', 'поліцейські', 'жінки', 'чоловіки', 'жінка', 'чоловік', 'фермери',
    'працівники', 'біженці', 'сапери', 'активісти', 'відвідувачі', 'родичі', 'шахтарі', 'енергетики', 'журналісти',
    'актори', 'пасажири', 'мешканка', 'волонтерка',
    'жители', 'жительница', 'спасатели', 'волонтеры', 'военные', 'бойцы', 'пожарные', 'ученики', 'дети', 'студенты',
    'учителя', 'врачи', 'полицейские', 'женщины', 'мужчины', 'женщина', 'мужчина', 'фермеры', 'рабочие', 'беженцы',
    'саперы', 'активисты', 'посетители', 'родственники', 'шахтеры', 'журналисты', 'актеры', 'пассажиры',
  ],
  { start: true },
);

const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'outside', 'у', 'в', 'на', 'біля', 'під', 'поблизу', 'во', 'возле', 'около', 'под']);

/** A preposition of place followed by a capitalised name ("in Kyiv", "в Одессе"). */
function namedPlace(words: readonly string[]): boolean {
  return words.some((w, i) => i > 0 && PLACE_PREPOSITIONS.has(w.toLowerCase()) && isUpper(bare(words[i + 1] ?? '').charCodeAt(0)));
}
