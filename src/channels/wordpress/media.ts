/**
 * The article image as a WordPress media item: streamed from disk (never read whole into
 * memory) with the Content-Type its extension implies and a Content-Disposition filename.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { MediaRef } from '../../article/types.js';
import { ChannelError } from '../../errors.js';
import type { WordPressSession } from './client.js';

/** Image types WordPress accepts by default, by extension. */
const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** An uploaded image. */
export interface UploadedImage {
  id: number;
  sourceUrl: string | undefined;
  /** sha256 of the file, so `--update` can tell whether the image changed. */
  sha256: string;
}

/** sha256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A filename safe inside `filename="…"`: ASCII letters, digits, dot, dash, underscore. */
export function uploadFileName(path: string): string {
  const ext = extname(path).toLowerCase();
  const stem = basename(path, extname(path))
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem || 'image'}${ext}`;
}

/** The MIME type WordPress will accept for this file, or a ChannelError. */
export function imageType(channel: string, image: MediaRef): string {
  const type = IMAGE_TYPES[extname(image.path ?? image.ref).toLowerCase()];
  if (!type) {
    throw new ChannelError(channel, 'bad_image', `the article image ${image.ref} is not a JPEG, PNG, GIF or WebP file: WordPress would refuse it`);
  }
  return type;
}

/** Uploads a local image; the returned id is what `featured_media` must then equal. */
export async function uploadImage(session: WordPressSession, channel: string, image: MediaRef & { path: string }): Promise<UploadedImage> {
  const contentType = imageType(channel, image);
  const { size } = await stat(image.path);
  const sha256 = await fileSha256(image.path);
  const answer = await session.call<{ id?: number; source_url?: string }>(`upload the image ${image.ref}`, {
    method: 'POST',
    route: '/wp/v2/media',
    body: () => createReadStream(image.path),
    headers: {
      'content-type': contentType,
      'content-length': String(size),
      'content-disposition': `attachment; filename="${uploadFileName(image.path)}"`,
    },
  });
  if (typeof answer.data.id !== 'number') {
    throw new ChannelError(channel, 'bad_answer', `WordPress answered the upload of ${image.ref} without a media id`);
  }
  return { id: answer.data.id, sourceUrl: answer.data.source_url, sha256 };
}
