/**
 * Which quotations are open at a place in a text, so that a cut there can close them:
 * «…» and „…“ (Ukrainian, Russian), “…” (English), "…" (everywhere), nested in any order.
 * Single quotes are left alone: ' and ’ are apostrophes far more often than quotation marks.
 */

/** Opening mark → the mark that closes it. */
const CLOSER_OF: Readonly<Record<string, string>> = { '«': '»', '„': '“', '“': '”', '"': '"' };

/** The marks the scanner reads; it jumps from one to the next (a post is mostly other text). */
const MARKS = /[«»„“”"]/g;

/** What a straight `"` that opens a quotation follows. */
const OPENS_AFTER = /[\s([{\u2014\u2013\-/«„“'‘]/;

/** The quotations open at each place of one text. */
export interface OpenQuotes {
  /** The opening marks of the quotations open before `end`, outermost first ("" for none). */
  openAt(end: number): string;
  /** The marks that close what is open before `end`, innermost first: what a cut there appends. */
  closersAt(end: number): string;
}

const NONE: OpenQuotes = { openAt: () => '', closersAt: () => '' };

/**
 * Reads the quotation marks of `text` left to right, only as far as asked (a cut looks near
 * the limit, not at the whole text). A closing mark closes the innermost quotation when it
 * is the one that mark closes, and is otherwise a stray, ignored: so a cut never closes less
 * than it kept open (each mark adds to the kept text as much as it takes from the closers,
 * and a platform's count stays monotone). `“` closes `„` („…“) and opens otherwise; `”`
 * closes `“` or `„` („…”, as some write it). A straight `"` closes an open `"`, else opens
 * one where a word starts: after a space, a bracket, a dash or another opening mark, and
 * not before a space or the end (5" is an inch mark; word" a stray).
 */
export function openQuotes(text: string): OpenQuotes {
  MARKS.lastIndex = 0;
  if (!MARKS.test(text)) return NONE;
  // From `ats[k]` (the index after a mark) on, `opens[k]` are open.
  const ats: number[] = [];
  const opens: string[] = [];
  let stack = '';
  let read = 0; // text[0, read) has been scanned

  const step = (i: number, c: string): void => {
    const top = stack[stack.length - 1];
    let closes = false;
    let opensHere = false;
    switch (c) {
      case '«':
      case '„':
        opensHere = true;
        break;
      case '»':
        closes = top === '«';
        break;
      case '“':
        closes = top === '„';
        opensHere = !closes;
        break;
      case '”':
        closes = top === '“' || top === '„';
        break;
      default: {
        // '"'
        closes = top === '"';
        const after = text[i + 1];
        opensHere = !closes && (i === 0 || OPENS_AFTER.test(text[i - 1]!)) && after !== undefined && !/\s/.test(after);
      }
    }
    if (closes) stack = stack.slice(0, -1);
    else if (opensHere) stack += c;
    else return;
    ats.push(i + 1);
    opens.push(stack);
  };

  const readTo = (end: number): void => {
    if (end <= read) return;
    MARKS.lastIndex = read;
    for (let m = MARKS.exec(text); m !== null && m.index < end; m = MARKS.exec(text)) step(m.index, m[0]);
    read = end;
  };

  const openAt = (end: number): string => {
    readTo(end);
    // The last change at or before `end`, by binary search.
    let lo = 0;
    let hi = ats.length - 1;
    let found = '';
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ats[mid]! <= end) {
        found = opens[mid]!;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  return { openAt, closersAt: (end) => closersFor(openAt(end)) };
}

/** The closing marks for `open` (outermost first), innermost first. */
export function closersFor(open: string): string {
  let out = '';
  for (let i = open.length - 1; i >= 0; i--) out += CLOSER_OF[open[i]!] ?? '';
  return out;
}

/** True when `c` is a mark that opens a quotation (a cut never ends just after one). */
export function isOpeningMark(c: string): boolean {
  return c === '«' || c === '„' || c === '“' || c === '"';
}
