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

  /** Length in code points. */
  get length(): number {
    return [...this.text].length;
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
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/**
 * A regex matching any of `phrases` as whole words (case-insensitive, Unicode): a phrase
 * may not be preceded or followed by a letter or digit. Spaces in a phrase match any run of
 * whitespace.
 */
export function phrases(list: readonly string[], { start = false } = {}): RegExp {
  const alternatives = list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
  return new RegExp(`${start ? '^' : '(?<![\\p{L}\\p{N}])'}(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
}
