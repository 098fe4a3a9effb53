/**
 * The snippet we write back. YouTube's videos.update replaces the whole snippet (a field
 * left out is deleted; title and categoryId are required), so we start from the snippet
 * as read and change only the description, the tags when `tags:` is set, and the title
 * when the channel sets `title:`. Pure.
 */
import type { youtube_v3 } from '@googleapis/youtube';
import type { YouTubeOptions, YouTubeOutput } from './options.js';
import { nextTags } from './tags.js';

/** A video's snippet as videos.list returns it. */
export type VideoSnippet = youtube_v3.Schema$VideoSnippet;

/** The fields videos.update writes; the rest of the snippet is read-only. */
const WRITABLE = ['title', 'description', 'tags', 'categoryId', 'defaultLanguage', 'defaultAudioLanguage'] as const;

/** `current` with our description (and tags, and title, as configured); everything else as it was. */
export function nextSnippet(current: VideoSnippet, output: YouTubeOutput, options: Pick<YouTubeOptions, 'tags'>): VideoSnippet {
  const next: VideoSnippet = { ...current, description: output.description };
  if (output.title !== undefined) next.title = output.title;
  const tags = nextTags(options.tags, current.tags ?? undefined, output.tags);
  if (tags === undefined || tags.length === 0) delete next.tags;
  else next.tags = tags;
  return next;
}

/** True when writing `next` would change nothing YouTube stores (so no update, no quota). */
export function sameSnippet(current: VideoSnippet, next: VideoSnippet): boolean {
  return WRITABLE.every((field) => {
    if (field === 'tags') return sameList(current.tags ?? [], next.tags ?? []);
    return (current[field] ?? '') === (next[field] ?? '');
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
