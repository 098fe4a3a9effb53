import { attr, esc, field, foldsAfter, idFor, textAttrs } from '../../card/html.js';
import { hashtagsIn, linkifyText } from '../../card/linkify.js';
import type { CardInput } from '../types.js';

/**
 * A YouTube watch page: the player, the first three hashtags of the description above
 * the title, and the description panel folded after three lines ("…more" opens it).
 */
export function youtubeStage(input: CardInput): string {
  const output = input.result.output;
  const description = field(output, 'description') ?? '';
  const title = field(output, 'title');
  const videoId = field(output, 'video_id') ?? '';
  const tags = Array.isArray(output?.tags) ? (output.tags as unknown[]).map(String) : undefined;
  const above = hashtagsIn(description).slice(0, 3);
  const toggle = `yt-more-${idFor(input.result.channel)}`;

  const titleHtml = title !== undefined
    ? `<h3${textAttrs('title', input.overFields, 'yt-title')}>${esc(title)}</h3>`
    : '<h3 class="yt-title yt-title--kept">The video\'s own title <small>(kept: this channel sets no title)</small></h3>';
  return '<div class="yt">'
    + `<div class="yt-player" data-video="${attr(videoId)}"><span class="yt-play">▶</span><span class="yt-id">youtu.be/${esc(videoId)}</span></div>`
    + (above.length > 0 ? `<div class="yt-hashtags" data-hashtags-above-title="true">${above.map((t) => `<span>${esc(t)}</span>`).join(' ')}</div>` : '')
    + titleHtml
    + `<div class="yt-channel"><span class="avatar avatar--red">▶</span><b>${esc(input.result.channel)}</b></div>`
    + '<div class="yt-panel">'
    + `<input type="checkbox" id="${attr(toggle)}" class="more-toggle">`
    + '<div class="yt-stats">1 view · now</div>'
    + `<div${textAttrs('description', input.overFields, 'yt-desc clamp clamp--3')}>${linkifyText(description)}</div>`
    + (foldsAfter(description, 3) ? `<label for="${attr(toggle)}" class="more-label"><span class="when-closed">…more</span><span class="when-open">Show less</span></label>` : '')
    + '</div>'
    + (tags ? `<div class="chips" data-tags="true"><small>tags</small> ${tags.map((t) => `<span class="chip">${esc(t)}</span>`).join('')}</div>` : '')
    + '</div>';
}
