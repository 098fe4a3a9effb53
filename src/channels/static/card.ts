import { browser } from '../../card/browser.js';
import { attr, esc, field, textAttrs } from '../../card/html.js';
import type { CardInput } from '../types.js';

/** A static-site file: where it is served, the headline and lead, and the file as written. */
export function staticStage(input: CardInput): string {
  const output = input.result.output;
  const content = field(output, 'content') ?? '';
  const path = field(output, 'path') ?? '';
  const url = field(output, 'url') ?? '';
  const page = `<h1 class="web-title">${esc(input.article.title)}</h1>`
    + (input.cover ? `<img class="web-cover" src="${attr(input.cover)}" alt="">` : '')
    + (input.article.lead ? `<p class="web-lead">${esc(input.article.lead)}</p>` : '')
    + `<details class="file"><summary>the file <code data-path="${attr(path)}">${esc(path)}</code> (${content.length} characters)</summary>`
    + `<pre${textAttrs('content', input.overFields, 'file-content')}>${esc(content)}</pre></details>`;
  return browser(url, page, false);
}
