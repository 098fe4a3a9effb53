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
