/**
 * Text with formatting kept beside it (spans over a plain string), written out for a target
 * after the text has been fitted. Fitting works on the plain text (src/text/fit.ts); the
 * fitted text is always a prefix of the original plus an ellipsis, so the spans are clipped
 * to that prefix and every tag opened is closed: a cut can never fall inside a tag or an
 * entity, and the markup is always well nested.
 */

/** A stretch of formatting: inline (bold, link…) or a whole block (a quote, code). */
export interface Span {
  /** UTF-16 offset where it starts. */
  start: number;
  /** UTF-16 offset where it ends (exclusive). */
  end: number;
  kind: 'bold' | 'italic' | 'strike' | 'code' | 'link' | 'quote' | 'pre';
  /** For links: the target (an absolute http(s) or mailto URL), not escaped. */
  href?: string;
}

/** A plain text and its spans (which nest: two spans never overlap partially). */
export interface RichText {
  text: string;
  spans: readonly Span[];
}

/** How a target writes each kind of span; every function gets its content already written. */
export interface RichFormat {
  /** Escapes plain text for the target. */
  escape(s: string): string;
  bold(inner: string): string;
  italic(inner: string): string;
  strike(inner: string): string;
  /** Inline code; `text` escaped. Nothing else is written inside it. */
  code(text: string): string;
  /** `href` not escaped. */
  link(inner: string, href: string): string;
  quote(inner: string): string;
  /** A code block; `text` escaped. Nothing else is written inside it. */
  pre(text: string): string;
}

/** Length of the common prefix of `a` and `b`, never ending between the halves of a surrogate pair. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  if (n > 0 && n < a.length) {
    const last = a.charCodeAt(n - 1);
    if (last >= 0xd800 && last <= 0xdbff) n--;
  }
  return n;
}

/**
 * Writes `shown` for the target: the part of it that is `rich.text`'s prefix with the spans
 * over that part (clipped to it), the rest (an ellipsis a fitting added) as plain text.
 * Spans are written outermost first; a span that would cross its parent's end is clipped to
 * it; nothing is written inside code; a quote inside a quote and a link inside a link are
 * written as their content alone (Telegram refuses both).
 */
export function renderRich(rich: RichText, shown: string, format: RichFormat): string {
  const n = commonPrefix(rich.text, shown);
  const spans = rich.spans
    .map((s) => ({ ...s, end: Math.min(s.end, n) }))
    .filter((s) => s.start >= 0 && s.start < s.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const text = rich.text;

  const range = (from: number, to: number, list: readonly Span[], within: ReadonlySet<Span['kind']>): string => {
    let out = '';
    let at = from;
    let i = 0;
    while (i < list.length) {
      const span = list[i]!;
      // The spans inside this one follow it; any crossing its end is clipped to it.
      let j = i + 1;
      while (j < list.length && list[j]!.start < span.end) j++;
      const start = Math.max(span.start, at);
      if (start >= span.end) {
        i = j;
        continue;
      }
      out += format.escape(text.slice(at, start));
      const children = list.slice(i + 1, j).map((c) => ({ ...c, end: Math.min(c.end, span.end) }));
      out += wrap(span, start, children, within);
      at = span.end;
      i = j;
    }
    return out + format.escape(text.slice(at, to));
  };

  const wrap = (span: Span, start: number, children: Span[], within: ReadonlySet<Span['kind']>): string => {
    const inner = text.slice(start, span.end);
    if (span.kind === 'code') return format.code(format.escape(inner));
    if (span.kind === 'pre') return format.pre(format.escape(inner));
    if (within.has(span.kind) && (span.kind === 'quote' || span.kind === 'link')) return range(start, span.end, children, within);
    const content = range(start, span.end, children, new Set([...within, span.kind]));
    switch (span.kind) {
      case 'bold':
        return format.bold(content);
      case 'italic':
        return format.italic(content);
      case 'strike':
        return format.strike(content);
      case 'link':
        return span.href === undefined ? content : format.link(content, span.href);
      case 'quote':
        return format.quote(content);
    }
  };

  return range(0, n, spans, new Set()) + format.escape(shown.slice(n));
}

/** Telegram's HTML parse mode (`< > &` escaped; `"` too inside an href). */
export const TELEGRAM_RICH: RichFormat = {
  escape: (s) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')),
  bold: (s) => `<b>${s}</b>`,
  italic: (s) => `<i>${s}</i>`,
  strike: (s) => `<s>${s}</s>`,
  code: (s) => `<code>${s}</code>`,
  link: (s, href) => `<a href="${href.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))}">${s}</a>`,
  quote: (s) => `<blockquote>${s}</blockquote>`,
  pre: (s) => `<pre>${s}</pre>`,
};
