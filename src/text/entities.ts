/**
 * Entity tables and numeric-entity decoding shared by the escaping, measuring and
 * Telegram-checking modules. Internal: import from `escape.ts` or `measure.ts` instead.
 */

/** HTML 4 Latin-1 entity names for U+00A0..U+00FF, in code point order. */
const LATIN1_NAMES = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr ' +
  'deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml ' +
  'eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

/** Named entities outside Latin-1 that CMS exports and typographers commonly produce. */
const OTHER_NAMED: Record<string, number> = {
  quot: 0x22, amp: 0x26, apos: 0x27, lt: 0x3c, gt: 0x3e,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192,
  circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a,
  ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022,
  hellip: 0x2026, permil: 0x2030, prime: 0x2032, Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a,
  oline: 0x203e, frasl: 0x2044, euro: 0x20ac, trade: 0x2122, larr: 0x2190, uarr: 0x2191,
  rarr: 0x2192, darr: 0x2193, harr: 0x2194, minus: 0x2212, infin: 0x221e, asymp: 0x2248,
  ne: 0x2260, le: 0x2264, ge: 0x2265, numero: 0x2116,
};

/** Every named entity `decodeEntities` knows, name → character. */
export const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map<string, string>([
  ...LATIN1_NAMES.map((name, i): [string, string] => [name, String.fromCodePoint(0xa0 + i)]),
  ...Object.entries(OTHER_NAMED).map(([name, cp]): [string, string] => [name, String.fromCodePoint(cp)]),
]);

/** The only named entities Telegram's HTML mode understands. */
export const TELEGRAM_NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
]);

/**
 * The code point a numeric entity body stands for (`digits` without `&#`/`&#x` and `;`),
 * or undefined when it is not a valid Unicode scalar value (0, a surrogate, > U+10FFFF).
 */
export function numericEntityCodePoint(digits: string, hex: boolean): number | undefined {
  const cp = Number.parseInt(digits, hex ? 16 : 10);
  if (!Number.isSafeInteger(cp) || cp <= 0 || cp > 0x10ffff) return undefined;
  if (cp >= 0xd800 && cp <= 0xdfff) return undefined;
  return cp;
}

/**
 * Browsers read `&#128;`..`&#159;` as Windows-1252 (old CMS exports write `&#146;` for ’).
 * Index = code point − 0x80; 0 marks the five positions Windows-1252 leaves undefined.
 */
const WINDOWS_1252 = [
  0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0, 0x17d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0, 0x17e, 0x178,
];

/** Maps a C1 control code point from a numeric entity to the Windows-1252 character a browser shows. */
export function browserCodePoint(cp: number): number {
  if (cp < 0x80 || cp > 0x9f) return cp;
  const mapped = WINDOWS_1252[cp - 0x80];
  return mapped === undefined || mapped === 0 ? cp : mapped;
}
