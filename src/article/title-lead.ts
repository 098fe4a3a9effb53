import type { Segment } from './segment.js';

/** Longest first line, in characters, that a plain export's title may be. */
export const MAX_TITLE_LINE = 140;

/** What was chosen, and the body segments that remain. */
export interface TitleAndLead {
  title: string | undefined;
  lead: string;
  rest: Segment[];
}

/**
 * Picks the title and lead (DESIGN.md "Decisions"). Front matter always wins. Otherwise a
 * Markdown article's first `#` heading is the title; failing that (and for plain exports)
 * a one-line first paragraph with no closing punctuation and at most 140 characters is the
 * title and the next paragraph the lead; else the title is the first paragraph's first
 * sentence and the lead that paragraph. Without a front matter lead, the first paragraph
 * after the title is the lead. Whatever becomes the title or lead leaves the body.
 */
export function pickTitleAndLead(
  segments: readonly Segment[],
  given: { title: string | undefined; lead: string | undefined; markdown: boolean; language: string | undefined },
): TitleAndLead {
  const rest = [...segments];
  let title = given.title;
  let lead = given.lead;
  let after = 0; // the lead is looked for from here on

  if (title === undefined && given.markdown) {
    const h1 = rest.findIndex((s) => s.kind === 'heading' && s.headingLevel === 1 && s.text !== '');
    if (h1 !== -1) {
      title = rest[h1]!.text;
      rest.splice(h1, 1);
      after = h1;
    }
  }

  if (title === undefined) {
    const first = rest.findIndex((s) => (s.kind === 'paragraph' || s.kind === 'heading') && s.text !== '');
    if (first === -1) return { title: undefined, lead: lead ?? '', rest };
    const paragraph = rest[first]!;
    if (isTitleLine(paragraph)) {
      title = paragraph.text;
      rest.splice(first, 1);
      after = first;
    } else {
      title = firstSentence(paragraph.text, given.language);
      if (lead === undefined) {
        lead = paragraph.text;
        rest.splice(first, 1);
      }
    }
  }

  if (lead === undefined) {
    const next = rest.findIndex((s, i) => i >= after && s.kind === 'paragraph' && s.text !== '');
    if (next === -1) lead = '';
    else {
      lead = rest[next]!.text;
      rest.splice(next, 1);
    }
  }
  return { title, lead, rest };
}

/** One line, at most 140 characters, not ending in . ! ? … : ; (closing quotes ignored). */
function isTitleLine(segment: Segment): boolean {
  if (segment.lines !== 1 || segment.text.includes('\n')) return false;
  if ([...segment.text].length > MAX_TITLE_LINE) return false;
  const end = segment.text.replace(/[\s"'”’»)\]]+$/u, '');
  return !/[.!?…:;。！？]$/u.test(end);
}

/** The first sentence of a paragraph by the language's sentence rules. */
export function firstSentence(text: string, language: string | undefined): string {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  } catch {
    segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  }
  for (const { segment } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence !== '') return sentence;
  }
  return text.trim();
}
