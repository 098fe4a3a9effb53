import { openQuotes } from '../text/quotes.js';
import { segmenter } from '../text/segment.js';
import type { Segment } from './segment.js';

/** Longest first line, in characters, that a plain export's title may be. */
export const MAX_TITLE_LINE = 140;

/** What was chosen, and the body segments that remain. */
export interface TitleAndLead {
  title: string | undefined;
  lead: string;
  rest: Segment[];
  /** The segments the title and the lead were taken from (none when front matter gave them). */
  from: { title?: Segment; lead?: Segment };
}

/**
 * Picks the title and lead (docs/ARCHITECTURE.md, "Title and lead of a plain export").
 * Front matter always wins. Otherwise a Markdown article's first `#` heading is the title;
 * failing that (and for plain exports) a one-line first paragraph with no closing
 * punctuation and at most 140 characters is the title and the next paragraph the lead;
 * else the title is the first paragraph's first sentence without its closing period (a
 * headline has none; `?` and `!` stay) and the lead is the rest of that paragraph, or the
 * next paragraph when nothing is left. The title is never repeated: a derived lead, or the
 * first body paragraph after a given lead, that opens with the title loses that sentence.
 * Whatever becomes the title or lead leaves the body.
 */
export function pickTitleAndLead(
  segments: readonly Segment[],
  given: { title: string | undefined; lead: string | undefined; markdown: boolean; language: string | undefined },
): TitleAndLead {
  const rest = [...segments];
  let title = given.title;
  let lead = given.lead;
  let after = 0; // the lead is looked for from here on
  const from: TitleAndLead['from'] = {};

  if (title === undefined && given.markdown) {
    const h1 = rest.findIndex((s) => s.kind === 'heading' && s.headingLevel === 1 && s.text !== '');
    if (h1 !== -1) {
      title = rest[h1]!.text;
      from.title = rest[h1];
      rest.splice(h1, 1);
      after = h1;
    }
  }

  if (title === undefined) {
    const first = rest.findIndex((s) => (s.kind === 'paragraph' || s.kind === 'heading') && s.text !== '');
    if (first === -1) return { title: undefined, lead: lead ?? '', rest, from };
    const paragraph = rest[first]!;
    after = first;
    from.title = paragraph;
    if (isTitleLine(paragraph)) {
      title = paragraph.text;
      rest.splice(first, 1);
    } else {
      const sentence = firstSentence(paragraph.text, given.language);
      title = headline(sentence);
      const remainder = paragraph.text.trim().slice(sentence.length).trim();
      if (lead === undefined && remainder !== '') {
        lead = remainder;
        from.lead = paragraph;
      }
      // The sentence is the title: the paragraph's rest is the lead (or gone), never the body.
      rest.splice(first, 1);
    }
  }

  if (lead === undefined) {
    for (let i = after; i < rest.length; ) {
      const s = rest[i]!;
      if (s.kind !== 'paragraph' || s.text === '') {
        i++;
        continue;
      }
      rest.splice(i, 1);
      const text = withoutTitle(s.text, title, given.language);
      if (text === '') continue; // the paragraph only repeated the title
      lead = text;
      from.lead = s;
      break;
    }
    lead ??= '';
  } else {
    // A given lead: the body must not open with the title either.
    const i = rest.findIndex((s, j) => j >= after && s.text !== '');
    const s = rest[i];
    if (s !== undefined && s.kind === 'paragraph' && withoutTitle(s.text, title, given.language) === '') rest.splice(i, 1);
  }
  return { title, lead, rest, from };
}

/** One line, at most 140 characters, not ending in . ! ? … : ; (closing quotes ignored). */
function isTitleLine(segment: Segment): boolean {
  if (segment.lines !== 1 || segment.text.includes('\n')) return false;
  if ([...segment.text].length > MAX_TITLE_LINE) return false;
  const end = segment.text.replace(/[\s"'”’»)\]]+$/u, '');
  return !/[.!?…:;。！？]$/u.test(end);
}

// Closing quotes and brackets after a sentence's final punctuation.
const CLOSERS = /[\s"'”’»)\]]*$/u;

/**
 * A sentence as a headline: its closing full stop removed (also inside closing quotes:
 * `"We will return."` → `"We will return"`); `?`, `!` and `…` stay, and so does the dot
 * of an abbreviation (`… with the U.S.`).
 */
export function headline(sentence: string): string {
  const text = sentence.trim();
  const closers = CLOSERS.exec(text)?.[0] ?? '';
  const core = text.slice(0, text.length - closers.length);
  if (!/[^.]\.$/u.test(core) || /(?:^|[\s(])(?:\p{L}\.){2,}$/u.test(core)) return text;
  return core.slice(0, -1) + closers.trimStart();
}

/** `text` without a first sentence that repeats `title` (compared without closing punctuation). */
function withoutTitle(text: string, title: string | undefined, language: string | undefined): string {
  if (title === undefined || title.trim() === '') return text;
  const trimmed = text.trim();
  const sentence = firstSentence(trimmed, language);
  if (comparable(sentence) !== comparable(title)) return text;
  return trimmed.slice(sentence.length).trim();
}

function comparable(s: string): string {
  return s.trim().replace(/[\s.!?…:;"'”’»)\]]+$/u, '').replace(/\s+/gu, ' ').toLocaleLowerCase();
}

/**
 * The first sentence of a paragraph by the language's sentence rules, trailing space removed.
 * A sentence end inside a quotation ("We will return. Soon," he said.) is not one: the
 * sentence runs on to the first end where every quotation it opened is closed (when there is
 * none, the quotation was never closed and the first end stands).
 */
export function firstSentence(text: string, language: string | undefined): string {
  const trimmed = text.trim();
  const quotes = openQuotes(trimmed);
  let first: string | undefined;
  // One segmenter per language for the run: making one costs more than segmenting a paragraph.
  for (const { segment, index } of segmenter(language, 'sentence').segment(trimmed)) {
    const sentence = trimmed.slice(0, index + segment.length).trim();
    if (sentence === '') continue;
    first ??= sentence;
    if (quotes.openAt(sentence.length) === '') return sentence;
  }
  return first ?? trimmed;
}
