import { basename } from 'node:path';
import { attr, esc, field, foldsAfter, idFor, textAttrs } from '../../card/html.js';
import { commentIcon, globeIcon, heartIcon, lockIcon, playIcon, shareIcon } from '../../card/icons.js';
import { linkifyText } from '../../card/linkify.js';
import type { CardInput } from '../types.js';

const PRIVACY_WORDS: Record<string, string> = {
  PUBLIC_TO_EVERYONE: `${globeIcon} Everyone`,
  MUTUAL_FOLLOW_FRIENDS: `${lockIcon} Friends`,
  FOLLOWER_OF_CREATOR: `${lockIcon} Followers`,
  SELF_ONLY: `${lockIcon} Only me`,
};

/** A TikTok post: the caption over a 9:16 frame (the article image stands in for the clip). */
export function tiktokStage(input: CardInput): string {
  const output = input.result.output;
  const caption = field(output, 'caption') ?? '';
  const video = field(output, 'video') ?? '';
  const privacy = field(output, 'privacy_level') ?? '';
  const toggle = `tt-more-${idFor(input.result.channel)}`;
  const poster = input.cover ? ` style="background-image:url('${attr(input.cover)}')"` : '';
  return `<div class="tt"${poster}>`
    + '<div class="tt-shade"></div>'
    + `<div class="tt-top"><span>Following</span><b>For You</b></div>`
    + `<div class="tt-clip">${playIcon}<small>${esc(basename(video) || 'no clip')}</small></div>`
    + `<div class="tt-side"><span>${heartIcon}<small>0</small></span><span>${commentIcon}<small>0</small></span><span>${shareIcon}<small>Share</small></span></div>`
    + '<div class="tt-bottom">'
    + `<div class="tt-user">@${esc(input.result.channel)} <span class="tt-privacy" data-privacy="${attr(privacy)}">${PRIVACY_WORDS[privacy] ?? esc(privacy)}</span></div>`
    + `<input type="checkbox" id="${attr(toggle)}" class="more-toggle">`
    + `<div${textAttrs('caption', input.overFields, 'tt-caption clamp clamp--2')}>${linkifyText(caption)}</div>`
    + (foldsAfter(caption, 2, 40) ? `<label for="${attr(toggle)}" class="more-label"><span class="when-closed">more</span><span class="when-open">less</span></label>` : '')
    + '<div class="tt-sound">♫ original sound</div>'
    + '</div>'
    + '</div>';
}
