/**
 * Which quotations are open at a place in a text, so that a cut there can close them:
 * «…» and „…“ (Ukrainian, Russian), “…” (English), "…" (everywhere), nested in any order.
 * Single quotes are left alone: ' and ’ are apostrophes far more often than quotation marks.
 */

/** Opening mark → the mark that closes it. */
const CLOSER_OF: Readonly<Record<string, string>> = { '«': '»', '„': '“', '“': '”', '"': '"' };

/** Any character the scanner looks at: texts without one skip the scan. */
const QUOTE_MARK = /[«»„“”"]/;

/** What a straight `"` that opens a quotation follows. */
const OPENS_AFTER = /[\s([{\u2014\u2013\-\/«„“'‘]/;

/** One change of the open quotations: from `at` (the index after the mark) on, `open` are open. */
interface QuoteEvent {
  at: number;
  /** The opening marks still open, outermost first. */
  open: string;
}

/**
 * The quotation marks of `text` read left to right. A closing mark closes the innermost
 * quotation when it is the one that mark closes, and is otherwise a stray, ignored (so a cut
 * never closes less than it kept open: each mark adds to the kept text as much as it takes
 * from the closers, and measures stay monotone). `“` closes `„` („…“) and opens otherwise;
 * `”` closes `“` or `„` („…”, as some write it). A straight `"` closes an open `"`, else
 * opens one where a word starts: after a space, a bracket, a dash or another opening mark.
 */
function scan(text: string): QuoteEvent[] {
  const events: QuoteEvent[] = [];
  const stack: string[] = [];
  const changed = (i: number): void => void events.push({ at: i + 1, open: stack.join('') });
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    let opens = false;
    let closes = false;
    switch (c) {
      case '«':
      case '„':
        opens = true;
        break;
      case '»':
        closes = top === '«';
        break;
      case '“':
        closes = top === '„';
        opens = !closes;
        break;
      case '”':
        closes = top === '“' || top === '„';
        break;
      case '"': {
        closes = top === '"';
        // Only at the start of a word: not after a letter or digit (5" is an inch mark, word"
        // a stray), nor before a space or the end.
        const after = text[i + 1];
        opens = !closes && (i === 0 || OPENS_AFTER.test(text[i - 1]!)) && after !== undefined && !/\s/.test(after);
        break;
      }
      default:
        continue;
    }
    if (closes) stack.pop();
    else if (opens) stack.push(c);
    else continue;
    changed(i);
  }
  return events;
}

/** The quotations open at each place of one text, worked out once. */
export interface OpenQuotes {
  /** The opening marks of the quotations open before `end`, outermost first ("" for none). */
  openAt(end: number): string;
  /** The marks that close what is open before `end`, innermost first: what a cut there appends. */
  closersAt(end: number): string;
}

const NONE: OpenQuotes = { openAt: () => '', closersAt: () => '' };

/** Scans `text` once for its quotation marks (see {@link scan}). */
export function openQuotes(text: string): OpenQuotes {
  if (!QUOTE_MARK.test(text)) return NONE;
  const events = scan(text);
  if (events.length === 0) return NONE;
  const openAt = (end: number): string => {
    // The last event at or before `end`, by binary search.
    let lo = 0;
    let hi = events.length - 1;
    let found = '';
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = events[mid]!;
      if (e.at <= end) {
        found = e.open;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  return {
    openAt,
    closersAt: (end) => closersFor(openAt(end)),
  };
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
