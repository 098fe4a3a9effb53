import { readSync } from 'node:fs';
import { resolve } from 'node:path';
import { openMedia } from '../article/media-file.js';
import type { MediaRef } from '../article/types.js';

/** Images larger than this are not inlined: the page would become unwieldy. */
const MAX_INLINE_BYTES = 20 * 1024 * 1024;

/**
 * A `data:` URI of a local image, or undefined when it is missing, too big, not an image by
 * its first bytes, or not one the article may send (outside `roots`, behind a link leading
 * out: see article/media-file.ts). The page is uploaded as a CI artifact: it must hold no
 * byte of any other file.
 */
export function fileDataUri(ref: MediaRef, roots: readonly string[]): string | undefined {
  let media;
  try {
    media = openMedia(ref, 'image', roots);
  } catch {
    return undefined;
  }
  try {
    if (media.size > MAX_INLINE_BYTES) return undefined;
    const bytes = Buffer.alloc(media.size);
    let done = 0;
    while (done < bytes.length) {
      const got = readSync(media.fd, bytes, done, bytes.length - done, done);
      if (got === 0) break;
      done += got;
    }
    return `data:${media.format.mime};base64,${bytes.subarray(0, done).toString('base64')}`;
  } catch {
    return undefined;
  } finally {
    media.close();
  }
}

/** The article's image inlined (local files only: the page never touches the network). */
export function mediaDataUri(ref: MediaRef | undefined, roots: readonly string[]): string | undefined {
  return ref?.path === undefined ? undefined : fileDataUri(ref, roots);
}

const IMG_SRC = /(<img\b[^>]*?\bsrc=")([^"]+)(")/g;

/**
 * Inlines the relative `<img src>` of website HTML (resolved against the article's folder),
 * so local pictures show without a server; only files the article may send (`roots`).
 * Remote and site-root ones (`/img/…`) are left for the page's CSP to block.
 */
export function inlineLocalImages(html: string, articleDir: string, roots: readonly string[]): string {
  return html.replace(IMG_SRC, (whole, before: string, src: string, after: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) return whole;
    let path: string;
    try {
      path = resolve(articleDir, decodeURI(src.replace(/&amp;/g, '&')));
    } catch {
      return whole;
    }
    const uri = fileDataUri({ ref: src, path }, roots);
    return uri ? `${before}${uri}${after}` : whole;
  });
}
