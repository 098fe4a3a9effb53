import { getChannelType } from '../../channels/index.js';
import { decodeEntities } from '../../text/escape.js';
import { attr, esc, field, textAttrs } from '../html.js';
import { inlineLocalImages } from '../media.js';
import type { CardInput } from '../types.js';

/** A browser window around a page: the address bar shows where the post will live. */
function browser(url: string, body: string, predicted: boolean): string {
  return '<div class="web">'
    + `<div class="web-bar"><span class="web-dots"><i></i><i></i><i></i></span><span class="web-url" data-url="${attr(url)}">${esc(url || 'address given when published')}${predicted ? ' <small>(expected)</small>' : ''}</span></div>`
    + `<div class="web-page">${body}</div>`
    + '</div>';
}

function chips(label: string, values: unknown): string {
  if (!Array.isArray(values) || values.length === 0) return '';
  return `<div class="chips" data-${attr(label)}="true"><small>${esc(label)}</small> ${values.map((v) => `<span class="chip">${esc(String(v))}</span>`).join('')}</div>`;
}

/**
 * A WordPress post: how it is teased in lists (headline + excerpt), then the page itself
 * (headline, featured image, the sanitised content exactly as it will be sent).
 */
export function wordpressStage(input: CardInput): string {
  const output = input.result.output;
  // WordPress fields are HTML: show them as a browser would (entities decoded, never as markup).
  const title = decodeEntities(field(output, 'title') ?? '');
  const excerpt = decodeEntities(field(output, 'excerpt') ?? '');
  const content = field(output, 'content') ?? '';
  const status = field(output, 'status') ?? '';
  const featured = (input.channel?.options as { featured_image?: boolean } | undefined)?.featured_image !== false;
  const url = input.article.url ?? predictedUrl(input);
  const teaser = '<div class="web-teaser"><small>in the list of posts</small>'
    + `<div class="web-teaser__title">${esc(title)}</div>`
    + `<div${textAttrs('excerpt', input.overFields, 'web-teaser__excerpt')}>${esc(excerpt)}</div>`
    + '</div>';
  const page = `<div class="web-status" data-status-field="${attr(status)}">${esc(status)}</div>`
    + `<h1${textAttrs('title', input.overFields, 'web-title')}>${esc(title)}</h1>`
    + (featured && input.cover ? `<img class="web-cover" src="${attr(input.cover)}" alt="">` : '')
    + `<div${textAttrs('content', input.overFields, 'web-content')}>${inlineLocalImages(content, input.article.dir, input.mediaRoots)}</div>`
    + chips('tags', output?.tags)
    + chips('categories', output?.categories);
  return teaser + browser(url, page, input.linkPredicted && !input.article.url);
}

/** The address a website channel is expected to give (the dry-run's stand-in link). */
function predictedUrl(input: CardInput): string {
  if (!input.channel) return '';
  return getChannelType(input.channel.type)?.predictLink?.(input.article, input.channel, input.now) ?? '';
}

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
