/** The browser window the website types' cards (wordpress, static) draw their page in. */
import { attr, esc } from './html.js';

/** A browser window around a page: the address bar shows where the post will live. */
export function browser(url: string, body: string, predicted: boolean): string {
  return '<div class="web">'
    + `<div class="web-bar"><span class="web-dots"><i></i><i></i><i></i></span><span class="web-url" data-url="${attr(url)}">${esc(url || 'address given when published')}${predicted ? ' <small>(expected)</small>' : ''}</span></div>`
    + `<div class="web-page">${body}</div>`
    + '</div>';
}

/** A row of chips (tags, categories) under a page; nothing when there are none. */
export function chips(label: string, values: unknown): string {
  if (!Array.isArray(values) || values.length === 0) return '';
  return `<div class="chips" data-${attr(label)}="true"><small>${esc(label)}</small> ${values.map((v) => `<span class="chip">${esc(String(v))}</span>`).join('')}</div>`;
}
