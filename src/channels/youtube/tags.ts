/**
 * YouTube's tag list: what fits its 500-character budget, and how the article's tags
 * combine with the ones a video already has. Pure; shared by the renderer and delivery.
 */
import { youtubeSafe } from '../../text/escape.js';
import { youtubeTagsLength } from '../../text/hashtags.js';
import { TAGS_LIMIT } from './options.js';

/** The longest prefix of `tags` that fits YouTube's 500-character tag budget (deduplicated case-insensitively). */
export function fitYouTubeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const t = youtubeSafe(tag).replace(/,/g, ' ').trim();
    if (!t || out.some((o) => o.toLowerCase() === t.toLowerCase())) continue;
    if (youtubeTagsLength([...out, t]) > TAGS_LIMIT) break;
    out.push(t);
  }
  return out;
}

/**
 * The tags to write for a channel's `tags:` setting: `merge` keeps the video's own tags
 * first and adds the article's after them while they fit; `replace` writes the article's;
 * unset keeps the video's untouched (undefined: do not change).
 */
export function nextTags(
  mode: 'merge' | 'replace' | undefined,
  current: readonly string[] | undefined,
  ours: readonly string[] | undefined,
): string[] | undefined {
  if (mode === undefined) return current === undefined ? undefined : [...current];
  if (mode === 'replace') return fitYouTubeTags(ours ?? []);
  return fitYouTubeTags([...(current ?? []), ...(ours ?? [])]);
}
