/**
 * One paragraph as the boilerplate signals see it: its text and the few things several
 * signals ask about (words, sentences, script, position), each worked out once, on demand.
 *
 * Every article's every paragraph passes through here, so the common questions are answered
 * by comparing character codes, not by Unicode-property regexes: those take V8 long to
 * compile and are slow to run, and most paragraphs are content that no family claims.
 */
export class Paragraph {
  private wordsCache: string[] | undefined;
  private ownCache: string | undefined;
  private sentencesCache: string[] | undefined;
  private lowerCache: string | undefined;
  private ownLowerCache: string | undefined;
  private keyCache: string | undefined;

  constructor(
    /** The paragraph's plain text, trimmed, words separated by single spaces. */
    readonly text: string,
    /** 0-based among the article's text paragraphs. */
    readonly index: number,
    /** How many text paragraphs the article has. */
    readonly count: number,
  ) {}

  /** The first text paragraph: the title (or title and lead) of a plain export. */
  get first(): boolean {
    return this.index === 0;
  }

  /** Length in UTF-16 units (the signals' limits are rough sizes, not counts of characters). */
  get length(): number {
    return this.text.length;
  }

  /** More than `n` words? Counted without splitting the text. */
  moreWordsThan(n: number): boolean {
    if (this.wordsCache) return this.wordsCache.length > n;
    let at = -1;
    for (let i = 0; i < n; i++) {
      at = this.text.indexOf(' ', at + 1);
      if (at === -1) return false;
    }
    return true;
  }

  /** The first word, with its punctuation. */
  get firstWord(): string {
    const space = this.text.indexOf(' ');
    return space === -1 ? this.text : this.text.slice(0, space);
  }

  /**
   * The first word in lower case, without what comes before it (quotes, brackets, bullets,
   * "©", "#") or after it; an apostrophe or hyphen inside it stays, written `'` ("don't",
   * "e-mail"). The families say which words their paragraphs open with, and are only asked
   * about paragraphs opening with one of them (see `Family`).
   */
  get key(): string {
    return (this.keyCache ??= firstKey(this.text));
  }

  /** Space-separated words, with the punctuation around them (the text has single spaces). */
  get words(): string[] {
    return (this.wordsCache ??= this.text === '' ? [] : this.text.split(' '));
  }

  /**
   * The newsroom's own words: the text without quoted speech (a quoted span of three
   * words or more), so that a source saying "support us" never makes a paragraph an appeal.
   */
  get own(): string {
    return (this.ownCache ??= withoutQuotedSpeech(this.text));
  }

  /** How many sentences, without splitting the text (cheaper than `sentences.length`). */
  get sentenceCount(): number {
    if (this.sentencesCache) return this.sentencesCache.length;
    let breaks = 0;
    forEachSentenceBreak(this.text, () => void breaks++);
    return breaks + 1;
  }

  /**
   * The text in lower case. The lexicons are matched against it without the `i` flag:
   * case-insensitive Unicode regexes compile and run several times slower.
   */
  get lower(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }

  /** The newsroom's own words in lower case. */
  get ownLower(): string {
    return (this.ownLowerCache ??= this.own === this.text ? this.lower : this.own.toLowerCase());
  }

  /** Sentences, split after . ! ? … before a capital letter, a digit or an opening quote. */
  get sentences(): string[] {
    return (this.sentencesCache ??= splitSentences(this.text));
  }

  /** Cyrillic letters unique to Ukrainian (і ї є ґ) or to Russian (ы э ъ ё); else undefined. */
  get cyrillic(): 'uk' | 'ru' | 'both' | undefined {
    if (!CYRILLIC_SCRIPT.test(this.text)) return undefined;
    if (/[іїєґІЇЄҐ]/.test(this.text)) return 'uk';
    if (/[ыэъёЫЭЪЁ]/.test(this.text)) return 'ru';
    return 'both';
  }

  /** Opens with quoted speech or a dialogue dash: someone else's words, never boilerplate. */
  get opensWithSpeech(): boolean {
    const first = this.text[0];
    if (first !== '—' && first !== '–' && first !== '-' && first !== '«' && first !== '“' && first !== '„' && first !== '"') return false;
    if (/^[—–-]\s/.test(this.text)) return true;
    const m = /^[«“„"]([^«»“”„"]*)[»”“"]?/.exec(this.text);
    return m !== null && isSpeech(m[1] ?? '');
  }
}

/** The Cyrillic script's letters and marks in the Basic Multilingual Plane. */
const CYRILLIC_SCRIPT = /[\u0400-\u0484\u0487-\u052f\u1c80-\u1c88\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f]/;

const QUOTED = /«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|"[^"]*"/g;

/** Quoted text is speech when it is three words or more, or holds sentence punctuation. */
function isSpeech(inner: string): boolean {
  return inner.trim().split(/\s+/).length >= 3 || /[.!?…,]/.test(inner);
}

function withoutQuotedSpeech(text: string): string {
  if (!QUOTE_CHAR.test(text)) return text;
  return text.replace(QUOTED, (span) => (isSpeech(span.slice(1, -1)) ? ' “…” ' : span));
}

const QUOTE_CHAR = /[«“„"]/;

/**
 * Where a sentence may end: . ! ? … then closing quotes, then spaces, then opening quotes;
 * it ends there when a capital letter or a digit follows (checked by character code).
 */
const SENTENCE_END = /[.!?…]["»”’)]*\s+[«“„"(]*/g;

/** Calls `found(end, next)` for each sentence break: the sentence ends at `end`, the next starts at `next`. */
function forEachSentenceBreak(text: string, found: (end: number, next: number) => void): void {
  if (!TERMINAL_CHAR.test(text)) return;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m !== null; m = SENTENCE_END.exec(text)) {
    const after = m.index + m[0].length;
    if (after < text.length && isUpperOrDigit(text.charCodeAt(after))) {
      // The opening quotes belong to the next sentence; the closing ones are dropped with the spaces.
      let spaces = after;
      while (spaces > m.index && OPENING_QUOTES.includes(text[spaces - 1] ?? '')) spaces--;
      found(m.index + 1, spaces);
    }
  }
}

const TERMINAL_CHAR = /[.!?…]/;
const OPENING_QUOTES = '«“„"(';

function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  forEachSentenceBreak(text, (end, next) => {
    out.push(text.slice(start, end));
    start = next;
  });
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function firstKey(text: string): string {
  const n = text.length;
  let start = 0;
  while (start < n && !isWordChar(text.charCodeAt(start))) start++;
  let end = start;
  while (end < n) {
    const c = text.charCodeAt(end);
    if (isWordChar(c)) end++;
    // An apostrophe or a hyphen between letters: "don't", "e-mail".
    else if ((c === 39 || c === 0x2019 || c === 0x2bc || c === 45) && end + 1 < n && isWordChar(text.charCodeAt(end + 1))) end++;
    else break;
  }
  const key = text.slice(start, end).toLowerCase();
  return key.includes('’') || key.includes('ʼ') ? key.replace(/[’ʼ]/g, "'") : key;
}

/** A word without the punctuation around it (apostrophes inside a word are kept). */
export function bare(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && !isWordChar(word.charCodeAt(start))) start++;
  while (end > start && !isWordChar(word.charCodeAt(end - 1))) end--;
  return start === 0 && end === word.length ? word : word.slice(start, end);
}

// Fallbacks for the characters the fast paths below do not settle (other scripts, symbols).
let letterOrDigitRe: RegExp | undefined;
let upperRe: RegExp | undefined;
let digitRe: RegExp | undefined;

/**
 * A letter or digit (`[\p{L}\p{N}]` for one UTF-16 unit): Latin, Latin-1 and Cyrillic by
 * code, general punctuation and currency signs refused by code, anything else by regex.
 */
export function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  if (code >= 0xc0 && code <= 0x24f) return code !== 0xd7 && code !== 0xf7;
  if ((code >= 0x400 && code <= 0x481) || (code >= 0x48a && code <= 0x52f)) return true;
  if (code < 0xc0) return code === 0xaa || code === 0xb2 || code === 0xb3 || code === 0xb5 || code === 0xb9 || code === 0xba || (code >= 0xbc && code <= 0xbe);
  if ((code >= 0x2000 && code <= 0x206f) || (code >= 0x20a0 && code <= 0x20cf)) return false;
  return (letterOrDigitRe ??= new RegExp('[\\p{L}\\p{N}]', 'u')).test(String.fromCharCode(code));
}

/** An upper-case letter (`\p{Lu}` for one UTF-16 unit). */
export function isUpper(code: number): boolean {
  if (code < 128) return code >= 65 && code <= 90;
  if (code < 0x100) return code >= 0xc0 && code <= 0xde && code !== 0xd7;
  if (code >= 0x400 && code <= 0x45f) return code <= 0x42f;
  if (code === 0x490 || code === 0x491) return code === 0x490;
  return (upperRe ??= new RegExp('\\p{Lu}', 'u')).test(String.fromCharCode(code));
}

/** An upper-case letter or a digit (`[\p{Lu}\p{N}]` for one UTF-16 unit). */
export function isUpperOrDigit(code: number): boolean {
  if (code >= 48 && code <= 57) return true;
  if (isUpper(code)) return true;
  if (code < 0x100) return code === 0xb2 || code === 0xb3 || code === 0xb9 || (code >= 0xbc && code <= 0xbe);
  if (code >= 0x400 && code <= 0x52f) return false;
  return (digitRe ??= new RegExp('\\p{N}', 'u')).test(String.fromCharCode(code));
}

/** A test for whole words or phrases in a text. */
export interface Phrases {
  test(text: string): boolean;
}

/**
 * Matches any of `list` (lower case) as whole words in a lower-case text: a phrase may not
 * be preceded or followed by a letter or digit; with `start`, only at the start of the text.
 * Spaces in a phrase match any run of whitespace. The word boundary before a match is
 * checked by hand: a lookbehind in front of the alternatives makes the regex ~8× slower.
 * The regex is made on first use: most lexicons are asked about few paragraphs, or none.
 */
export function phrases(list: readonly string[], { start = false } = {}): Phrases {
  let re: RegExp | undefined;
  return {
    test(text: string): boolean {
      re ??= phrasesRegex(list, start);
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m.index === 0 || !isWordChar(text.charCodeAt(m.index - 1))) return true;
        re.lastIndex = m.index + 1;
      }
      return false;
    },
  };
}

function phrasesRegex(list: readonly string[], start: boolean): RegExp {
  const alternatives = list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  // No `u` flag and no \p{…} class (both make a regex slower to compile and to run): the
  // text is in lower case, so the letters that may not follow are the lower-case ones.
  return new RegExp(`${start ? '^' : ''}(?:${alternatives})(?![${LOWER_LETTERS}])`, 'g');
}

/** Lower-case letters and digits of the Latin and Cyrillic scripts. */
const LOWER_LETTERS = '0-9a-z\\u00df-\\u00ff\\u0100-\\u024f\\u0430-\\u045f\\u0491';

/**
 * Letters of the Latin, Greek and Cyrillic scripts (with modifier letters such as the
 * Ukrainian apostrophe ʼ), for a regex class: what `\p{L}` is for
 * the languages of the exports, without the cost of a Unicode property class.
 */
export const LETTERS =
  'A-Za-z\\u00aa\\u00b5\\u00ba\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02c1\\u02c6-\\u02d1\\u02e0-\\u02e4\\u02ec\\u02ee\\u0370-\\u03ff\\u0400-\\u0481\\u048a-\\u052f\\u1e00-\\u1eff';
