import type { Segment } from '../segment.js';
import type { Dropped } from '../types.js';
import { adMarker } from './ad.js';
import { photoCaption } from './caption.js';
import { copyrightLine } from './copyright.js';
import { credit } from './credit.js';
import { donation } from './donation.js';
import { errorReportPrompt } from './error-report.js';
import type { Family } from './family.js';
import { Paragraph } from './paragraph.js';
import { readAlso } from './read-also.js';
import { shareButtons } from './share.js';
import { subscriptionPrompt } from './subscription.js';
import { tagLine } from './tag-line.js';

/**
 * Every family the cleaner knows, most specific first: the first that recognises a
 * paragraph gives the reason. Captions come last: every marked kind is told apart first.
 */
export const FAMILIES: readonly Family[] = [
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

/** First word → the families (bit i for FAMILIES[i]) whose paragraphs may open with it; made on first use. */
let openers: Map<string, number> | undefined;

function openersOf(families: readonly Family[]): Map<string, number> {
  const map = new Map<string, number>();
  families.forEach((family, i) => {
    for (const word of family.openers ?? []) map.set(word, (map.get(word) ?? 0) | (1 << i));
  });
  return map;
}

/**
 * The reason the first family that recognises `p` gives, asking only the families whose
 * cheap conditions it meets (a family skipped that way would not have recognised it).
 */
export function recognise(p: Paragraph): string | undefined {
  let bits = -1; // the families listing p's first word; looked up once, when first needed
  for (let i = 0; i < FAMILIES.length; i++) {
    const family = FAMILIES[i]!;
    if (p.length > family.longest) continue;
    if (family.openers !== undefined) {
      if (bits === -1) bits = (openers ??= openersOf(FAMILIES)).get(p.key) ?? 0;
      if ((bits & (1 << i)) === 0 && !(family.otherwise?.(p) ?? false)) continue;
    } else if (family.otherwise !== undefined && !family.otherwise(p)) {
      continue;
    }
    const reason = family.test(p);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

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
 * family recognises. A paragraph matching `article.keep` always stays; pieces with no text
 * (a rule, an image) always stay. Only plain paragraphs are recognised: headings, lists,
 * quotes, code and raw HTML are the author's structure.
 */
export function cleanSegments(segments: readonly Segment[], opts: CleanOptions): Cleaned {
  const kept: Segment[] = [];
  const dropped: Dropped[] = [];
  let count = 0;
  for (const segment of segments) if (segment.text !== '') count++;
  let index = 0;
  for (const segment of segments) {
    const text = segment.text;
    if (text === '') {
      kept.push(segment);
      continue;
    }
    const reason = reasonToDrop(text, segment.kind, index++, count, opts);
    if (reason === undefined) kept.push(segment);
    else dropped.push(Object.freeze({ line: segment.line, reason, text }));
  }
  return { kept, dropped };
}

function reasonToDrop(raw: string, kind: Segment['kind'], index: number, count: number, opts: CleanOptions): string | undefined {
  // `search` ignores `lastIndex`, so a pattern with the g or y flag behaves the same every time.
  if (opts.keep.length > 0 && opts.keep.some((pattern) => raw.search(pattern) !== -1)) return undefined;
  if (opts.strip.length > 0 && opts.strip.some((pattern) => raw.search(pattern) !== -1)) return STRIP_REASON;
  if (!opts.clean || kind !== 'paragraph') return undefined;
  // Plain paragraphs come with single spaces already; Markdown ones may hold line breaks.
  const spaced = !raw.includes('\n') && !raw.includes('  ') && !raw.includes('\t') && raw.trim() === raw;
  return recognise(new Paragraph(spaced ? raw : raw.replace(/\s+/g, ' ').trim(), index, count));
}
