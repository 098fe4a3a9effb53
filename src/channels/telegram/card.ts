import { telegramVisibleText } from '../../text/measure.js';
import { attr, clock, esc, field, hostOf, initials, textAttrs } from '../../card/html.js';
import { eyeIcon } from '../../card/icons.js';
import { firstUrl } from '../../card/linkify.js';
import { renderTelegramHtml } from '../../card/render-telegram-html.js';
import type { CardInput } from '../types.js';

/** The photo as it will appear: the inlined image, or a box saying why it cannot be shown. */
function photo(input: CardInput, ref: string): string {
  if (input.cover) return `<img class="tg-photo" src="${attr(input.cover)}" alt="">`;
  const why = input.article.image?.url ? 'a web address: not fetched for the preview' : 'not found';
  return `<div class="tg-photo tg-photo--missing" data-photo-missing="true">${esc(ref)}<small>${esc(why)}</small></div>`;
}

/** What Telegram builds from the first link: site, title and description of the linked page (assumed: the article's). */
function linkPreviewBox(input: CardInput, url: string): string {
  const { article } = input;
  const image = input.cover ? `<img class="tg-lp__image" src="${attr(input.cover)}" alt="">` : '';
  return `<div class="tg-lp" data-link-preview="${attr(url)}" title="Telegram reads the page's own title and description; shown here from the article">`
    + `<div class="tg-lp__site">${esc(hostOf(url))}</div>`
    + `<div class="tg-lp__title">${esc(article.title)}</div>`
    + (article.lead ? `<div class="tg-lp__desc">${esc(article.lead)}</div>` : '')
    + image
    + '</div>';
}

/** The first link of a message as Telegram finds it: an `<a href>` or a bare URL. */
function linkOf(html: string): string | undefined {
  const href = /<a\s[^>]*href\s*=\s*["']([^"']+)["']/i.exec(html)?.[1];
  return href ? telegramVisibleText(href) : firstUrl(telegramVisibleText(html));
}

/**
 * A Telegram channel as subscribers see it: one message per article, the photo with the
 * text as its caption, or (without a photo) the text with the link preview under it.
 */
export function telegramStage(input: CardInput): string {
  const output = input.result.output;
  const text = field(output, 'text') ?? '';
  const photoRef = field(output, 'photo');
  const options = (input.channel?.options ?? {}) as { chat?: string; link_preview?: boolean };
  // Telegram shows no link preview under a photo's caption.
  const link = photoRef === undefined && options.link_preview !== false ? linkOf(text) : undefined;

  const chat = options.chat ?? input.result.channel;
  const time = clock(input.now);
  const bubble = `<div class="tg-bubble${photoRef !== undefined ? ' tg-bubble--photo' : ''}" data-message="text">`
    + (photoRef !== undefined ? photo(input, photoRef) : '')
    + `<div${textAttrs('text', input.overFields, 'tg-text')}>${renderTelegramHtml(text)}</div>`
    + (link ? linkPreviewBox(input, link) : '')
    + `<div class="tg-meta">${eyeIcon} 1 · ${esc(time)}</div>`
    + '</div>';
  return `<div class="tg">`
    + `<div class="tg-head"><span class="avatar">${esc(initials(chat))}</span><span><b>${esc(chat)}</b><small>channel</small></span></div>`
    + `<div class="tg-feed">${bubble}</div>`
    + '</div>';
}
