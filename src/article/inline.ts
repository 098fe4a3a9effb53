/**
 * A block's text with its inline formatting (bold, italics, links…) as marks over the text,
 * built piece by piece from Markdown tokens or an HTML tree. Keeping the text plain and the
 * formatting beside it lets every channel use the text as it is and Telegram add its tags
 * after fitting, so a cut never falls inside a tag (src/text/rich.ts).
 */
import type { Mark } from './types.js';

/** The URL schemes a link may keep: anything else keeps only its words. */
const LINK_SCHEME = /^(?:https?:|mailto:)/i;
// Spaces and control characters: browsers drop some from a URL before reading its scheme.
const URL_NOISE = /[\u0000-\u0020\u007f\\]/;

/** `href` when a link may point there (an absolute http(s) or mailto URL), else undefined. */
export function linkTarget(href: string | null | undefined): string | undefined {
  const value = href?.trim();
  if (!value || !LINK_SCHEME.test(value) || URL_NOISE.test(value)) return undefined;
  return value;
}

/** Text with marks, as a block carries it. */
export interface MarkedText {
  text: string;
  marks: Mark[];
}

interface Open {
  kind: Mark['kind'];
  href?: string;
  start: number;
}

/**
 * Builds one line of marked text. `collapse: 'spaces'` turns runs of spaces into one (as
 * Markdown's inline text was always tidied); `'all'` turns every run of HTML whitespace into
 * one space, as a browser shows it. `finish` trims the ends and drops empty marks.
 */
export class MarkedLine {
  private text = '';
  private readonly marks: Mark[] = [];
  private readonly open: Open[] = [];

  constructor(private readonly collapse: 'spaces' | 'all') {}

  /** Appends text (a line break inside it stays, except where `collapse` is `all`). */
  add(piece: string): void {
    let s = this.collapse === 'all' ? piece.replace(/[ \t\n\r\f]+/g, ' ') : piece.replace(/ {2,}/g, ' ');
    if (s.startsWith(' ') && (this.text === '' || this.text.endsWith(' ') || this.text.endsWith('\n'))) s = s.slice(1);
    this.text += s;
  }

  /** A line break (`<br>`, a hard break): spaces before it go. */
  lineBreak(): void {
    this.text = this.text.replace(/ +$/, '');
    this.text += '\n';
  }

  /** True when nothing but whitespace was added. */
  get empty(): boolean {
    return this.text.trim() === '';
  }

  /** Opens a mark here; links without a usable target are not opened (their words stay). */
  openMark(kind: Mark['kind'], href?: string): void {
    if (kind === 'link' && href === undefined) return;
    this.open.push(href === undefined ? { kind, start: this.text.length } : { kind, href, start: this.text.length });
  }

  /** Closes the innermost open mark of `kind` (and any opened inside it, which nest). */
  closeMark(kind: Mark['kind']): void {
    const i = this.open.map((o) => o.kind).lastIndexOf(kind);
    if (i < 0) return;
    const closing = this.open.splice(i);
    for (const o of closing.reverse()) this.push(o, this.text.length);
  }

  private push(o: Open, end: number): void {
    if (end <= o.start) return;
    this.marks.push(o.href === undefined ? { start: o.start, end, kind: o.kind } : { start: o.start, end, kind: o.kind, href: o.href });
  }

  /** The text trimmed, with its marks moved and clipped to it, outermost first. */
  finish(): MarkedText {
    for (const o of this.open.splice(0).reverse()) this.push(o, this.text.length);
    const lead = this.text.length - this.text.trimStart().length;
    const text = this.text.trim();
    const marks = clipMarks(this.marks, lead, lead + text.length, -lead, this.text);
    return { text, marks };
  }
}

/**
 * Marks clipped to [from, to) and moved by `shift`, empty ones dropped, outermost first.
 * With `text` (the text the marks are over, before the move), the whitespace at a mark's ends
 * is left out of it (a link never starts with a space).
 */
export function clipMarks(marks: readonly Mark[], from: number, to: number, shift: number, text?: string): Mark[] {
  const out: Mark[] = [];
  for (const m of marks) {
    let start = Math.max(m.start, from);
    let end = Math.min(m.end, to);
    if (text !== undefined) {
      while (start < end && /\s/.test(text[start] ?? '')) start++;
      while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    }
    if (end <= start) continue;
    out.push({ ...m, start: start + shift, end: end + shift });
  }
  return sortMarks(out);
}

/** Outermost first: by start, the longer first. */
export function sortMarks(marks: Mark[]): Mark[] {
  return marks.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Joins marked lines with `separator`, moving each line's marks to its place. */
export function joinMarked(lines: readonly MarkedText[], separator: string): MarkedText {
  let text = '';
  const marks: Mark[] = [];
  lines.forEach((line, i) => {
    if (i > 0) text += separator;
    for (const m of line.marks) marks.push({ ...m, start: m.start + text.length, end: m.end + text.length });
    text += line.text;
  });
  return { text, marks };
}
