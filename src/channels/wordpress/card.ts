import { browser, chips } from '../../card/browser.js';
import { attr, esc, field, textAttrs } from '../../card/html.js';
import { inlineLocalImages } from '../../card/media.js';
import type { CardInput } from '../types.js';
import { decodeEntities } from '../../text/escape.js';
import type { ChannelConfig } from '../../config/types.js';
import type { WordPressOptions } from './options.js';
import { predictWordPressLink } from './render.js';

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
  return input.channel ? predictWordPressLink(input.article, input.channel as ChannelConfig<WordPressOptions>) : '';
}
