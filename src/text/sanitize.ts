import { createRequire } from 'node:module';
import type sanitizeHtmlType from 'sanitize-html';

// sanitize-html (with postcss) is the slowest import we have; load it on first use only.
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtmlType | undefined;

/**
 * Cleans article HTML for the website: no script or style, no event handlers, no
 * `javascript:` URLs; iframes only from `embedHosts` (e.g. www.youtube.com).
 */
export function sanitizeArticleHtml(html: string, embedHosts: readonly string[] = []): string {
  // Most articles are plain Markdown: markdown-it's own output is safe by construction,
  // so loading the sanitiser (and postcss) would only cost start-up time.
  if (isPlainMarkdownHtml(html)) return html.trim();
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtmlType;
  const s = sanitizer;
  return s(html, {
    allowedTags: [
      ...s.defaults.allowedTags.filter((t) => t !== 'iframe'),
      'img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio',
      ...(embedHosts.length > 0 ? ['iframe'] : []),
    ],
    allowedAttributes: {
      a: ['href', 'name', 'target', 'rel', 'title'],
      img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
      iframe: ['src', 'width', 'height', 'allow', 'allowfullscreen', 'title', 'frameborder'],
      source: ['src', 'srcset', 'type', 'media'],
      video: ['src', 'controls', 'poster', 'width', 'height'],
      audio: ['src', 'controls'],
      '*': ['class', 'id', 'lang', 'dir'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    allowedIframeHostnames: [...embedHosts],
    disallowedTagsMode: 'discard',
  }).trim();
}

/** Tags markdown-it itself emits, with the attributes it may put on them. */
const MARKDOWN_TAGS: Record<string, readonly string[]> = {
  p: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], ul: [], ol: ['start'], li: [],
  blockquote: [], pre: [], code: ['class'], em: [], strong: [], s: [], a: ['href', 'title'],
  img: ['src', 'alt', 'title'], hr: [], br: [], table: [], thead: [], tbody: [], tr: [],
  th: ['style'], td: ['style'],
};
const TAG = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*\/?>/;
const ATTR = /\s+([a-z-]+)="([^"<>]*)"/g;
const SAFE_URL = /^(?:https?:|mailto:|tel:|#|\/|\.|[^:]*$)/i;

/**
 * True when every tag in `html` is one markdown-it emits with only the attributes it
 * uses and safe URLs: such HTML needs no sanitising. Anything else goes to sanitize-html.
 */
export function isPlainMarkdownHtml(html: string): boolean {
  let at = html.indexOf('<');
  while (at >= 0) {
    const m = TAG.exec(html.slice(at, at + 2000));
    if (!m) return false;
    const allowed = MARKDOWN_TAGS[m[2] as string];
    if (!allowed) return false;
    for (const a of (m[3] ?? '').matchAll(ATTR)) {
      const [, name = '', value = ''] = a;
      if (!allowed.includes(name)) return false;
      if ((name === 'href' || name === 'src') && !SAFE_URL.test(value.trim())) return false;
      if (name === 'class' && !/^language-[\w-]+$/.test(value)) return false;
      if (name === 'style' && !/^text-align:(left|right|center)$/.test(value)) return false;
    }
    at = html.indexOf('<', at + m[0].length);
  }
  return true;
}
