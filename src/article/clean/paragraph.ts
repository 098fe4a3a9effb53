/**
 * One paragraph as the boilerplate signals see it: its text and the few things several
 * signals ask about (words, sentences, script, position), each worked out once, on demand.
 */
export class Paragraph {
  private wordsCache: string[] | undefined;
  private ownCache: string | undefined;
  private sentencesCache: string[] | undefined;
  private lowerCache: string | undefined;
  private ownLowerCache: string | undefined;

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
    return (this.sentencesCache?.length ?? (this.text.match(SENTENCE_BREAK)?.length ?? 0) + 1);
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
    if (!/\p{Script=Cyrillic}/u.test(this.text)) return undefined;
    if (/[іїєґІЇЄҐ]/u.test(this.text)) return 'uk';
    if (/[ыэъёЫЭЪЁ]/u.test(this.text)) return 'ru';
    return 'both';
  }

  /** Opens with quoted speech or a dialogue dash: someone else's words, never boilerplate. */
  get opensWithSpeech(): boolean {
    const first = this.text[0];
    if (first !== '—' && first !== '–' && first !== '-' && first !== '«' && first !== '“' && first !== '„' && first !== '"') return false;
    if (/^[—–-]\s/u.test(this.text)) return true;
    const m = /^[«“„"]([^«»“”„"]*)[»”“"]?/u.exec(this.text);
    return m !== null && isSpeech(m[1] ?? '');
  }
}

const QUOTED = /«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|"[^"]*"/gu;

/** Quoted text is speech when it is three words or more, or holds sentence punctuation. */
function isSpeech(inner: string): boolean {
  return inner.trim().split(/\s+/u).length >= 3 || /[.!?…,]/u.test(inner);
}

function withoutQuotedSpeech(text: string): string {
  return text.replace(QUOTED, (span) => (isSpeech(span.slice(1, -1)) ? ' “…” ' : span));
}

const SENTENCE_BREAK = /[.!?…]["»”’)]*\s+(?=[«“„"(]*[\p{Lu}\p{N}])/gu;

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])["»”’)]*\s+(?=[«“„"(]*[\p{Lu}\p{N}])/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A word without the punctuation around it (apostrophes inside a word are kept). */
export function bare(word: string): string {
  // By hand: a Unicode regex replace per word was most of the cleaner's time.
  let start = 0;
  let end = word.length;
  while (start < end && !isWordChar(word.charCodeAt(start), word[start] ?? '')) start++;
  while (end > start && !isWordChar(word.charCodeAt(end - 1), word[end - 1] ?? '')) end--;
  return start === 0 && end === word.length ? word : word.slice(start, end);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordChar(code: number, char: string): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return LETTER_OR_DIGIT.test(char);
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
 */
export function phrases(list: readonly string[], { start = false } = {}): Phrases {
  const alternatives = list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  // No `u` flag and no \p{…} class (both make a regex slower to compile and to run): the
  // text is in lower case, so the letters that may not follow are the lower-case ones.
  const re = new RegExp(`${start ? '^' : ''}(?:${alternatives})(?![${LOWER_LETTERS}])`, 'g');
  return {
    test(text: string): boolean {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m.index === 0 || !isWordChar(text.charCodeAt(m.index - 1), text[m.index - 1] ?? '')) return true;
        re.lastIndex = m.index + 1;
      }
      return false;
    },
  };
}

/** Lower-case letters and digits of the Latin and Cyrillic scripts. */
const LOWER_LETTERS = '0-9a-z\\u00df-\\u00ff\\u0100-\\u024f\\u0430-\\u045f\\u0491';
