import { escapeHtml, escapeHtmlAttr } from '../text/escape.js';

// A URL as platforms auto-link it; trailing punctuation is the sentence's, not the URL's.
const URL_OR_TAG = /(https?:\/\/[^\s<>"]+)|(^|[^\p{L}\p{N}_&/#])(#[\p{L}\p{N}_]+)/gu;
const TRAILING = /[.,;:!?)\]}'"»”’]+$/u;

/**
 * Escapes plain text for HTML and wraps the URLs and #hashtags in it the way Telegram,
 * YouTube and TikTok show them (blue, clickable). The text content is unchanged: only
 * elements are added, so what a reader (or a test) reads is exactly the input.
 */
export function linkifyText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_OR_TAG)) {
    const at = m.index ?? 0;
    if (m[1] !== undefined) {
      const url = m[1].replace(TRAILING, '');
      out += escapeHtml(text.slice(last, at));
      out += `<a class="autolink" href="${escapeHtmlAttr(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
      last = at + url.length;
    } else {
      const before = m[2] ?? '';
      const tag = m[3] ?? '';
      out += escapeHtml(text.slice(last, at + before.length));
      out += `<span class="hashtag">${escapeHtml(tag)}</span>`;
      last = at + before.length + tag.length;
    }
  }
  return out + escapeHtml(text.slice(last));
}

/** The #hashtags of a plain text, in order, e.g. for YouTube's "first three above the title". */
export function hashtagsIn(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(URL_OR_TAG)) if (m[3] !== undefined) tags.push(m[3]);
  return tags;
}

/** The first http(s) URL in a plain text (what Telegram builds its link preview from). */
export function firstUrl(text: string): string | undefined {
  const m = /https?:\/\/[^\s<>"]+/.exec(text);
  return m ? m[0].replace(TRAILING, '') : undefined;
}
