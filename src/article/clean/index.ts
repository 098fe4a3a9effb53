import type { Segment } from '../segment.js';
import type { Dropped } from '../types.js';
import { adMarker } from './ad.js';
import { photoCaption } from './caption.js';
import { copyrightLine } from './copyright.js';
import { credit } from './credit.js';
import { donation } from './donation.js';
import { errorReportPrompt } from './error-report.js';
import { Paragraph } from './paragraph.js';
import { readAlso } from './read-also.js';
import { shareButtons } from './share.js';
import { subscriptionPrompt } from './subscription.js';
import { tagLine } from './tag-line.js';

/** One family of boilerplate: the reason a paragraph belongs to it, or undefined. */
export type Signal = (p: Paragraph) => string | undefined;

/**
 * Every family the cleaner knows, most specific first: the first that recognises a
 * paragraph gives the reason. Captions come last: every marked kind is told apart first.
 */
export const SIGNALS: readonly Signal[] = [
  donation,
  subscriptionPrompt,
  readAlso,
  shareButtons,
  credit,
  adMarker,
  errorReportPrompt,
  tagLine,
  copyrightLine,
  photoCaption,
];

/**
 * Longer than this, only a donation appeal is looked for (every other family has a
 * shorter limit of its own): most paragraphs are long, and most of the time goes there.
 */
const SHORT = 300;

/** The reason a drop by an `article.strip` pattern carries. */
export const STRIP_REASON = 'article.strip';

/** channels.yaml's `article:` settings, compiled. */
export interface CleanOptions {
  /** `article.strip`: a paragraph matching any of these is dropped. */
  strip: readonly RegExp[];
  /** `article.keep`: a paragraph matching any of these is never dropped. */
  keep: readonly RegExp[];
  /** `article.clean`: recognise boilerplate without configuration. @default true */
  clean: boolean;
}

/** What cleaning kept, and what it dropped and why. */
export interface Cleaned {
  kept: Segment[];
  dropped: Dropped[];
}

/**
 * Drops boilerplate from an article's segments before its title and lead are chosen:
 * paragraphs matching `article.strip`, then (unless `clean` is off) every paragraph a
 * signal recognises. A paragraph matching `article.keep` always stays; pieces with no text
 * (a rule, an image) always stay. Only plain paragraphs are recognised: headings, lists,
 * quotes, code and raw HTML are the author's structure.
 */
export function cleanSegments(segments: readonly Segment[], opts: CleanOptions): Cleaned {
  const kept: Segment[] = [];
  const dropped: Dropped[] = [];
  const count = segments.filter((s) => s.text !== '').length;
  let index = 0;
  for (const segment of segments) {
    if (segment.text === '') {
      kept.push(segment);
      continue;
    }
    const reason = reasonToDrop(segment, index++, count, opts);
    if (reason === undefined) kept.push(segment);
    else dropped.push(Object.freeze({ line: segment.line, reason, text: segment.text }));
  }
  return { kept, dropped };
}

function reasonToDrop(segment: Segment, index: number, count: number, opts: CleanOptions): string | undefined {
  // `search` ignores `lastIndex`, so a pattern with the g or y flag behaves the same every time.
  if (opts.keep.some((pattern) => segment.text.search(pattern) !== -1)) return undefined;
  if (opts.strip.some((pattern) => segment.text.search(pattern) !== -1)) return STRIP_REASON;
  if (!opts.clean || segment.kind !== 'paragraph') return undefined;
  const raw = segment.text;
  // Plain paragraphs come with single spaces already; Markdown ones may hold line breaks.
  const spaced = !raw.includes('\n') && !raw.includes('  ') && !raw.includes('\t') && raw.trim() === raw;
  const text = spaced ? raw : raw.replace(/\s+/gu, ' ').trim();
  const paragraph = new Paragraph(text, index, count);
  if (text.length > SHORT) return donation(paragraph);
  for (const signal of SIGNALS) {
    const reason = signal(paragraph);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
