import { resolve } from 'node:path';
import type { MediaRef } from './types.js';

/**
 * Reads an `image:`/`video:` reference: an https URL, or a path relative to the article's
 * directory (it need not exist yet; channels check files when they use them).
 * Returns an error message (what to do) instead of a ref when it is neither.
 */
export function mediaRef(ref: string, dir: string): MediaRef | string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    let url: URL;
    try {
      url = new URL(ref);
    } catch {
      return `"${ref}" is not a valid URL; write an https URL or a path relative to the article`;
    }
    if (url.protocol !== 'https:') {
      return `"${ref}" is not an https URL; write an https URL or a path relative to the article`;
    }
    return { ref, url: url.href };
  }
  return { ref, path: resolve(dir, ref) };
}

/** The 11-character id YouTube gives every video. */
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/**
 * A YouTube video id from an id or a youtube.com/watch?v=, youtu.be/, /shorts/ or
 * /embed/ link; undefined when it is none of those.
 */
export function youtubeId(value: string): string | undefined {
  if (YOUTUBE_ID.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^(www|m|music)\./, '');
  let id: string | undefined;
  if (host === 'youtu.be') id = url.pathname.slice(1);
  else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    id =
      url.pathname === '/watch'
        ? (url.searchParams.get('v') ?? undefined)
        : /^\/(shorts|embed|live)\/([^/]+)\/?$/.exec(url.pathname)?.[2];
  }
  return id !== undefined && YOUTUBE_ID.test(id) ? id : undefined;
}
