import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectMedia, mediaRoots, openMedia, sniffFormat, type MediaKey } from '../../src/article/media-file.js';
import type { MediaRef } from '../../src/article/types.js';
import { ROOT } from '../helpers/cli.js';
import { JPEG_HEAD, MP4_HEAD } from '../helpers/media.js';

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffFormat: the type by the first bytes', () => {
  const box = (type: string, brand: string) => bytes([0, 0, 0, 20], 'ftyp', brand, [0, 0, 0, 0], brand);
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif')],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13])],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0])],
    ['WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['MP4', box('ftyp', 'isom')],
    ['MP4', box('ftyp', 'mp42')],
    ['MOV', box('ftyp', 'qt  ')],
    ['MOV', bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 8], 'mdat')],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm')],
  ])('%s', (name, head) => expect(sniffFormat(head)?.name).toBe(name));

  it.each([
    ['a .env file', bytes('TELEGRAM_BOT_TOKEN=123:abc\n')],
    ['an SVG (may carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['HEIC (ISO media, not video)', box('ftyp', 'heic')],
    ['Matroska that is not WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska')],
    ['a SQLite database', bytes('SQLite format 3\0')],
    ['a PDF', bytes('%PDF-1.7')],
    ['an empty head', bytes()],
  ])('%s is none of them', (_, head) => expect(sniffFormat(head)).toBeUndefined());
});

describe('openMedia: inside the folder, a regular file, of the right type', () => {
  let outside: string;
  let dir: string;
  const ref = (written: string, path = resolve(dir, written)): MediaRef => ({ ref: written, path });
  const refusal = (written: string, key: MediaKey = 'image', roots = [dir]) => {
    const found = inspectMedia(ref(written), key, roots);
    return found.ok ? undefined : found.refusal.code;
  };

  beforeEach(() => {
    outside = mkdtempSync(join(tmpdir(), 'publish-media-'));
    dir = join(outside, 'stories');
    mkdirSync(join(dir, 'media'), { recursive: true });
    writeFileSync(join(dir, 'media', 'cover.jpg'), readFileSync(join(ROOT, 'examples/media/cover.jpg')));
    writeFileSync(join(outside, 'secret.jpg'), Buffer.concat([JPEG_HEAD, Buffer.from('SECRET')]));
  });
  afterEach(() => rmSync(outside, { recursive: true, force: true }));

  it('accepts a file in the folder or a subfolder, however the path is spelt', () => {
    for (const written of ['media/cover.jpg', './media/cover.jpg', './media/../media/cover.jpg', join(dir, 'media', 'cover.jpg')]) {
      const found = inspectMedia(ref(written), 'image', [dir]);
      expect(found).toMatchObject({ ok: true, format: { name: 'JPEG', mime: 'image/jpeg' } });
    }
  });

  it('refuses what lies outside, by its written path and by its real one', () => {
    expect(refusal('../secret.jpg')).toBe('outside');
    expect(refusal('/etc/passwd')).toBe('outside');
    symlinkSync('../secret.jpg', join(dir, 'link.jpg'));
    expect(refusal('link.jpg')).toBe('link_outside');
    symlinkSync(outside, join(dir, 'up'));
    expect(refusal('up/secret.jpg')).toBe('link_outside');
    // A link that stays inside is fine.
    symlinkSync('media/cover.jpg', join(dir, 'alias.jpg'));
    expect(refusal('alias.jpg')).toBeUndefined();
  });

  it('media_root: is a second folder, checked the same way', () => {
    const shared = join(outside, 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, 'logo.jpg'), JPEG_HEAD);
    const roots = mediaRoots(dir, shared);
    expect(refusal('../shared/logo.jpg', 'image', roots)).toBeUndefined();
    expect(refusal('../shared/logo.jpg', 'image', [dir])).toBe('outside');
    symlinkSync('../secret.jpg', join(shared, 'escape.jpg'));
    expect(refusal('../shared/escape.jpg', 'image', roots)).toBe('link_outside');
    expect(refusal('../secret.jpg', 'image', roots)).toBe('outside');
  });

  it('refuses what is not a regular file of the right type, and says which', () => {
    writeFileSync(join(dir, 'cover.jpg'), 'SECRET=1\n'); // a .env renamed
    expect(refusal('cover.jpg')).toBe('wrong_type');
    writeFileSync(join(dir, 'clip.mp4'), MP4_HEAD);
    expect(refusal('clip.mp4', 'image')).toBe('wrong_type');
    expect(refusal('clip.mp4', 'video')).toBeUndefined();
    expect(inspectMedia(ref('media/cover.jpg'), 'video', [dir])).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('is an image (JPEG), not an MP4, MOV or WebM video') } });
    writeFileSync(join(dir, 'empty.jpg'), '');
    expect(refusal('empty.jpg')).toBe('empty');
    expect(refusal('media')).toBe('not_a_file');
    expect(refusal('nothing.jpg')).toBe('missing');
    spawnSync('mkfifo', [join(dir, 'pipe.mp4')]);
    expect(refusal('pipe.mp4', 'video')).toBe('not_a_file'); // and does not hang waiting for a writer
  });

  it('the bytes sent come from the file that was checked, even if it is swapped for a link afterwards', async () => {
    const path = join(dir, 'media', 'cover.jpg');
    const original = readFileSync(path);
    const media = openMedia(ref('media/cover.jpg'), 'image', [dir]);
    try {
      // Swapped after the check: the name now leads to the secret.
      renameSync(path, join(dir, 'old.jpg'));
      symlinkSync('../../secret.jpg', path);
      const read = async (stream: NodeJS.ReadableStream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      };
      expect(await read(media.stream())).toEqual(original);
      // Streams can be read and destroyed again and again (retries, chunks): the descriptor stays open.
      const early = media.stream({ start: 2, end: 5 });
      early.destroy();
      expect(await read(media.stream({ start: 2, end: 5 }))).toEqual(original.subarray(2, 6));
    } finally {
      media.close();
    }
    // Opened again now, the swapped name is refused.
    expect(refusal('media/cover.jpg')).toBe('link_outside');
  });
});
