/**
 * The article image as a WordPress media item: streamed (never read whole into memory) from
 * the descriptor that passed the containment and type checks (article/media-file.ts), with the
 * Content-Type its first bytes show and a Content-Disposition filename.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { MediaRefusal, mediaRoots, openMedia, type OpenMedia } from '../../article/media-file.js';
import type { Article, MediaRef } from '../../article/types.js';
import { ChannelError } from '../../errors.js';
import type { WordPressSession } from './client.js';

/** Extensions WordPress knows for each image type it accepts by default. */
const IMAGE_EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg', '.jpe'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
};

/** An uploaded image. */
export interface UploadedImage {
  id: number;
  sourceUrl: string | undefined;
  /** sha256 of the file, so `--update` can tell whether the image changed. */
  sha256: string;
}

/** sha256 of an open file, streamed from its descriptor. */
export async function fileSha256(media: OpenMedia): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of media.stream()) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A filename safe inside `filename="…"`: ASCII letters, digits, dot, dash, underscore; its
 * extension one WordPress links to `mime` (a PNG named cover.jpg goes up as cover.png).
 */
export function uploadFileName(path: string, mime?: string): string {
  const written = extname(path).toLowerCase();
  const known = mime === undefined ? undefined : IMAGE_EXTENSIONS[mime];
  const ext = known === undefined || known.includes(written) ? written : known[0]!;
  const stem = basename(path, extname(path))
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'image'}${ext}`;
}

/** Opens the article image after the checks; a refusal becomes the channel's error. */
export function openImage(channel: string, article: Article, image: MediaRef, mediaRoot: string | undefined): OpenMedia {
  try {
    return openMedia(image, 'image', mediaRoots(article.dir, mediaRoot));
  } catch (error) {
    if (!(error instanceof MediaRefusal)) throw error;
    throw new ChannelError(channel, error.code === 'missing' ? 'missing_media' : 'bad_image', `${article.source}: image: ${error.message}`);
  }
}

/** Uploads the opened image; the returned id is what `featured_media` must then equal. */
export async function uploadImage(session: WordPressSession, channel: string, image: MediaRef, media: OpenMedia, sha256: string): Promise<UploadedImage> {
  const answer = await session.call<{ id?: number; source_url?: string }>(`upload the image ${image.ref}`, {
    method: 'POST',
    route: '/wp/v2/media',
    body: () => media.stream(),
    headers: {
      'content-type': media.format.mime,
      'content-length': String(media.size),
      'content-disposition': `attachment; filename="${uploadFileName(image.path ?? image.ref, media.format.mime)}"`,
    },
  });
  if (typeof answer.data.id !== 'number') {
    throw new ChannelError(channel, 'bad_answer', `WordPress answered the upload of ${image.ref} without a media id`);
  }
  return { id: answer.data.id, sourceUrl: answer.data.source_url, sha256 };
}
