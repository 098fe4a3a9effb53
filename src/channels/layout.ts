import type { Article } from '../article/types.js';
import type { ChannelConfig } from '../config/types.js';
import { fitFields, type Measure } from '../text/fit.js';
import { hashtagFromTag, hashtagsFromTags } from '../text/hashtags.js';
import { plainInline, renderInlineMarkdown, type InlineFormat } from '../text/inline-markdown.js';
import { renderRich, type RichFormat, type RichText, type Span } from '../text/rich.js';
import { fillTemplate } from '../text/template.js';
import type { Measure as PostMeasure, Problem } from './types.js';

/** The values every text layout and template can use, raw (not escaped). */
export interface LayoutValues {
  title: string;
  lead: string;
  body: string;
  url: string;
  hashtags: string;
  [key: string]: string;
}

/** Body blocks as plain text paragraphs separated by blank lines. */
export function plainBody(article: Article): string {
  return article.body.map((b) => b.text.trim()).filter(Boolean).join('\n\n');
}

/**
 * The body as {@link plainBody}'s text with its formatting: each block's inline marks,
 * headings bold, quotes and code blocks as such.
 */
export function richBody(article: Article): RichText {
  let text = '';
  const spans: Span[] = [];
  for (const block of article.body) {
    const trimmed = block.text.trim();
    if (trimmed === '') continue;
    if (text !== '') text += '\n\n';
    const at = text.length;
    const shift = at - (block.text.length - block.text.trimStart().length);
    const end = at + trimmed.length;
    if (block.kind === 'heading') spans.push({ start: at, end, kind: 'bold' });
    else if (block.kind === 'quote') spans.push({ start: at, end, kind: 'quote' });
    else if (block.kind === 'code') spans.push({ start: at, end, kind: 'pre' });
    for (const m of block.marks ?? []) {
      const start = Math.max(m.start + shift, at);
      const stop = Math.min(m.end + shift, end);
      if (start < stop) spans.push(m.href === undefined ? { start, end: stop, kind: m.kind } : { start, end: stop, kind: m.kind, href: m.href });
    }
    text += trimmed;
  }
  return { text, spans };
}

/** The layout values for an article on a channel, before fitting. */
export function layoutValues(
  article: Article,
  channel: ChannelConfig,
  link: string | undefined,
  defaultHashtags: number,
): LayoutValues {
  const max = channel.hashtags ?? defaultHashtags;
  return {
    title: article.title,
    lead: article.lead,
    body: plainBody(article),
    url: link ?? '',
    hashtags: hashtagsFromTags(article.tags, max).join(' '),
  };
}

/**
 * A warning for each tag that cannot become a hashtag (digits only, or no letters left), on
 * a channel whose text shows hashtags: the tag is left out, and the editor should know why.
 */
export function hashtagProblems(article: Article, channel: ChannelConfig, defaultHashtags: number): Problem[] {
  const max = channel.hashtags ?? defaultHashtags;
  if (max <= 0 || article.overrides[channel.name]?.text !== undefined) return [];
  if (channel.template !== undefined && !channel.template.includes('{hashtags}')) return [];
  return article.tags.filter((tag) => hashtagFromTag(tag) === undefined).map((tag) => ({
    severity: 'warning',
    code: 'bad_hashtag',
    message: `tag ${JSON.stringify(tag)} cannot be a hashtag (a hashtag needs a letter): it is left out of the hashtags; write it with a word, e.g. "Elections ${tag}"`,
    cause: { article: 'tags' },
  }));
}

/** Options for {@link layoutText}. */
export interface LayoutOptions {
  /** The type's default layout, given escaped values. */
  build: (v: LayoutValues) => string;
  /** Escapes a value for the target (HTML for Telegram, `<>` for YouTube, identity otherwise). */
  escape: (s: string) => string;
  /** How the platform counts. */
  measure: Measure;
  limit: number;
  /** Fields the fitting may shorten, in order. @default ['body', 'lead'] */
  elastic?: string[];
  /** How the editor's override text (inline Markdown) is written for the target. @default plain text through `escape` */
  inline?: InlineFormat;
  /**
   * How the body's formatting (links, bold, quotes…) is written for the target, after
   * fitting. @default none: the body is plain text through `escape`
   */
  rich?: RichFormat;
}

/**
 * Renders a channel's text: the editor's per-article override (inline Markdown rendered for
 * the target, placeholders filled; never shortened), else the channel's `template:`, else the
 * type's layout; then fits it to the limit by shortening the elastic fields (never the title
 * or link).
 */
export function layoutText(
  article: Article,
  channel: ChannelConfig,
  values: LayoutValues,
  opts: LayoutOptions,
): { text: string; cut: string[] } {
  const override = article.overrides[channel.name]?.text;
  const body = opts.rich ? richBody(article) : undefined;
  const escaped = (v: LayoutValues): LayoutValues => {
    const out = {} as LayoutValues;
    for (const [k, s] of Object.entries(v)) out[k] = k === 'body' && body && opts.rich ? renderRich(body, s, opts.rich) : opts.escape(s);
    return out;
  };
  if (override !== undefined) {
    return { text: renderInlineMarkdown(override, values, opts.inline ?? plainInline(opts.escape)), cut: [] };
  }
  const template = channel.template;
  const build = template
    ? (v: LayoutValues) => tidy(fillTemplate(template, escaped(v), (s) => s))
    : (v: LayoutValues) => tidy(opts.build(escaped(v)));
  const fitted = fitFields<string>(values, opts.elastic ?? ['body', 'lead'], (v) => build(v as LayoutValues), opts.measure, opts.limit, {
    locale: article.language,
  });
  return { text: fitted.text, cut: fitted.cut };
}

/** Joins non-empty sections with a blank line. */
export function sections(...parts: string[]): string {
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

/** Collapses the blank lines an empty placeholder leaves behind. */
function tidy(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

/** A `too_long` problem when `used > limit`, else nothing. */
export function limitProblem(m: PostMeasure, what: string): Problem[] {
  if (m.used <= m.limit) return [];
  return [
    {
      severity: 'error',
      code: 'too_long',
      message: `${what} is ${m.used} ${m.unit}, over the limit of ${m.limit}: shorten the title or the override text`,
    },
  ];
}
