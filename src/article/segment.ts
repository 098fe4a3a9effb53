import type { Block, Mark, RawMarkup } from './types.js';

/**
 * One top-level piece of an article body while it is being cleaned: its plain text (for
 * text channels) and its HTML (for the website), kept together so that dropping a
 * paragraph drops it from both.
 */
export interface Segment {
  kind: Block['kind'];
  /** Plain text; "" for pieces with no text (a rule, an image, an embed). */
  text: string;
  /** Inline formatting of `text` (see Block.marks). */
  marks?: readonly Mark[];
  /** HTML for this piece alone, ending in "\n". */
  html: string;
  /** File line (1-based) where it starts. */
  line: number;
  /** How many source lines it spans. */
  lines: number;
  /** 1–6 for headings. */
  headingLevel?: number;
  /** The raw HTML written in it (Markdown only), when there is any. */
  raw?: RawMarkup;
}

/** The body blocks of segments: pieces with no text are left out. */
export function blocksOf(segments: readonly Segment[]): Block[] {
  return segments
    .filter((s) => s.text !== '')
    .map((s) => Object.freeze(s.marks?.length ? { kind: s.kind, text: s.text, marks: Object.freeze(s.marks.map((m) => Object.freeze({ ...m }))) } : { kind: s.kind, text: s.text }));
}

/** The body HTML of segments, in order. */
export function htmlOf(segments: readonly Segment[]): string {
  return segments.map((s) => s.html).join('');
}
