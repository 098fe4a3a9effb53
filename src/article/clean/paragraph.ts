/**
 * One paragraph as the boilerplate signals see it: its text and the few things several
 * signals ask about (words, sentences, script, position), each worked out once, on demand.
 */
export class Paragraph {
  private wordsCache: string[] | undefined;
  private ownCache: string | undefined;
  private sentencesCache: string[] | undefined;

  constructor(
    /** The paragraph's plain text, whitespace collapsed. */
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

  /** Whitespace-separated words, with the punctuation around them. */
  get words(): string[] {
    return (this.wordsCache ??= this.text.split(/\s+/u).filter((w) => w !== ''));
  }

  /**
   * The newsroom's own words: the text without quoted speech (a quoted span of three
   * words or more), so that a source saying "support us" never makes a paragraph an appeal.
   */
  get own(): string {
    return (this.ownCache ??= withoutQuotedSpeech(this.text));
  }

  /** Sentences, split after . ! ? … before a capital letter, a digit or an opening quote. */
  get sentences(): string[] {
    return (this.sentencesCache ??= splitSentences(this.text));
  }

  /** Sentences of the newsroom's own words (quoted speech left out). */
  get ownSentences(): string[] {
    return splitSentences(this.own);
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
 * Matches any of `list` as whole words (case-insensitive, Unicode): a phrase may not be
 * preceded or followed by a letter or digit; with `start`, only at the start of the text.
 * Spaces in a phrase match any run of whitespace. The word boundary before a match is
 * checked by hand: a lookbehind in front of the alternatives makes the regex ~8× slower.
 */
export function phrases(list: readonly string[], { start = false } = {}): Phrases {
  const alternatives = list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  if (start) return new RegExp(`^(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
  const re = new RegExp(`(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return {
    test(text: string): boolean {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m.index === 0 || !WORD_CHAR.test(text[m.index - 1] ?? '')) return true;
        re.lastIndex = m.index + 1;
      }
      return false;
    },
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
