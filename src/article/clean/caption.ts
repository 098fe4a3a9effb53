import type { Paragraph } from './paragraph.js';
import { bare, phrases } from './paragraph.js';
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
export function photoCaption(p: Paragraph): 'photo caption' | undefined {
  // Cheapest first: most paragraphs are long, or do not end in a full stop.
  if (p.first || p.length > 180 || !p.text.endsWith('.') || p.text.endsWith('..')) return undefined;
  if (p.opensWithSpeech || !oneSentence(p) || !/[\p{L}\p{N}][)»”"]?\.$/u.test(p.text)) return undefined;
  const words = p.words;
  if (words.length < 3 || words.length > 28) return undefined;
  if (/[:;?!]|%|[€$£₴₽]|^\P{Lu}/u.test(p.text.replace(/\d:\d/gu, ''))) return undefined;
  if (/^\d/u.test(p.text) || PRONOUN_OR_CONNECTIVE.test(p.lower) || FIRST_PERSON.test(p.lower)) return undefined;
  if (/“|”|"|„/u.test(p.text) || COUNT.test(p.text)) return undefined;

  // A caption names someone or somewhere ("… in Istanbul", "Зеленський …", "… 2025").
  if (!words.slice(1).some((w) => /^[«„"(]?\p{Lu}/u.test(w)) && !/(?:19|20)\d\d/u.test(p.text)) return undefined;

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
  'u',
);

/** A count of things ("248 lawmakers", "34 из 40 дронов"): prose; a caption's numbers are dates and names. */
const COUNT = new RegExp(`(?<![\\p{L}\\d-])\\d[\\d.,]*\\s+(?!(?:${MONTHS}|року|році|рік|года|году|год|р\\.|г\\.)(?!\\p{L}))\\p{Ll}`, 'u');

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
  return words.some((w, i) => i > 0 && PLACE_PREPOSITIONS.has(w.toLowerCase()) && /^\p{Lu}/u.test(bare(words[i + 1] ?? '')));
}
