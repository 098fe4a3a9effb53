import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { MediaRef } from '../article/types.js';

/** Images larger than this are not inlined: the page would become unwieldy. */
const MAX_INLINE_BYTES = 20 * 1024 * 1024;

const BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
};

/** The image type from the file's first bytes (an extension can lie), else from its name. */
export function imageMime(bytes: Uint8Array, name: string): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 12) === 'ftypavif') return 'image/avif';
  return BY_EXTENSION[extname(name).toLowerCase()];
}

/** A `data:` URI of a local image file, or undefined when it is missing, too big or not an image. */
export function fileDataUri(path: string): string | undefined {
  try {
    if (!statSync(path).isFile() || statSync(path).size > MAX_INLINE_BYTES) return undefined;
    const bytes = readFileSync(path);
    const mime = imageMime(bytes, path);
    return mime ? `data:${mime};base64,${bytes.toString('base64')}` : undefined;
  } catch {
    return undefined;
  }
}

/** The article's image inlined (local files only: the page never touches the network). */
export function mediaDataUri(ref: MediaRef | undefined): string | undefined {
  return ref?.path === undefined ? undefined : fileDataUri(ref.path);
}

const IMG_SRC = /(<img\b[^>]*?\bsrc=")([^"]+)(")/g;

/**
 * Inlines the relative `<img src>` of website HTML (resolved against the article's folder),
 * so local pictures show without a server. Remote and site-root ones (`/img/…`) are left for the page's CSP to block.
 */
export function inlineLocalImages(html: string, articleDir: string): string {
  return html.replace(IMG_SRC, (whole, before: string, src: string, after: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) return whole;
    let path: string;
    try {
      path = resolve(articleDir, decodeURI(src.replace(/&amp;/g, '&')));
    } catch {
      return whole;
    }
    const uri = fileDataUri(path);
    return uri ? `${before}${uri}${after}` : whole;
  });
}
