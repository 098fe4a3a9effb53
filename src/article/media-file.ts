/**
 * The local files an article names (`image:`, `video:`), opened only when they are what the
 * article may send: inside the article's folder or `media_root:` (real paths, so no symbolic
 * link leads out), a regular file, and of an accepted type by its first bytes. An article is
 * someone else's text: it must never make the tool upload `.env`, a key file or the ledger.
 *
 * Every byte that is sent is read from the descriptor that was checked (`OpenMedia.stream`),
 * so swapping the file or a folder for a symbolic link after the check changes nothing.
 */
import { close, closeSync, constants, createReadStream, fstatSync, open, openSync, read, readSync, realpathSync, statSync, type ReadStream } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { MediaRef } from './types.js';

/** Which front matter key names the file: it says which types are accepted. */
export type MediaKey = 'image' | 'video';

/** A file type publish sends, recognised by its first bytes. */
export interface MediaFormat {
  name: 'JPEG' | 'PNG' | 'WebP' | 'GIF' | 'MP4' | 'MOV' | 'WebM';
  kind: MediaKey;
  mime: string;
  /** The usual file extension, with its dot. */
  ext: string;
}

const FORMATS = {
  jpeg: { name: 'JPEG', kind: 'image', mime: 'image/jpeg', ext: '.jpg' },
  png: { name: 'PNG', kind: 'image', mime: 'image/png', ext: '.png' },
  webp: { name: 'WebP', kind: 'image', mime: 'image/webp', ext: '.webp' },
  gif: { name: 'GIF', kind: 'image', mime: 'image/gif', ext: '.gif' },
  mp4: { name: 'MP4', kind: 'video', mime: 'video/mp4', ext: '.mp4' },
  mov: { name: 'MOV', kind: 'video', mime: 'video/quicktime', ext: '.mov' },
  webm: { name: 'WebM', kind: 'video', mime: 'video/webm', ext: '.webm' },
} as const satisfies Record<string, MediaFormat>;

/** What each key accepts, for messages. */
export const ACCEPTED: Record<MediaKey, string> = {
  image: 'a JPEG, PNG, WebP or GIF image',
  video: 'an MP4, MOV or WebM video',
};

/** ISO base media brands of MP4 files (ISO/IEC 14496-12/14, Apple's M4V, DASH segments). */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'iso7', 'iso8', 'iso9', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VH', 'M4VP', 'mmp4', 'dash', 'MSNV', 'f4v ']);
/** The first atoms of a QuickTime movie written before `ftyp` existed. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** How many leading bytes {@link sniffFormat} needs. */
export const SNIFF_BYTES = 64;

/** The type of a file from its first bytes (at least {@link SNIFF_BYTES} when the file has them). */
export function sniffFormat(head: Uint8Array): MediaFormat | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return FORMATS.jpeg;
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return FORMATS.png;
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return FORMATS.gif;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return FORMATS.webp;
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'qt  ') return FORMATS.mov;
    return MP4_BRANDS.has(brand) ? FORMATS.mp4 : undefined; // heic, avif, 3gp…: not video we send
  }
  if (QUICKTIME_ATOMS.has(ascii(4, 8)) && head.length >= 8) return FORMATS.mov;
  // EBML header (Matroska family); only the WebM profile, as its DocType says.
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return ascii(4, head.length).includes('webm') ? FORMATS.webm : undefined;
  }
  return undefined;
}

/** Why a media file is refused; `message` says it of the reference as written, and what to do. */
export type MediaRefusalCode = 'missing' | 'outside' | 'link_outside' | 'not_a_file' | 'empty' | 'wrong_type' | 'unreadable';

/** A file the article may not send (or that is not there). */
export class MediaRefusal extends Error {
  override name = 'MediaRefusal';
  constructor(
    readonly code: MediaRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/** A checked media file, open for reading. Close it when done. */
export interface OpenMedia {
  /** The open descriptor (for small reads such as a video's duration). */
  fd: number;
  /** The real path of the file that was opened. */
  path: string;
  size: number;
  format: MediaFormat;
  /** Bytes `start`..`end` (inclusive) of the checked file; the descriptor stays open. */
  stream(range?: { start?: number; end?: number; highWaterMark?: number }): ReadStream;
  /** A stream that closes the descriptor when it ends (for a single read). */
  streamOnce(): ReadStream;
  close(): void;
}

/** The folders media may lie in: the article's, then `media_root:` when channels.yaml sets one. */
export function mediaRoots(articleDir: string, mediaRoot?: string): string[] {
  return mediaRoot === undefined ? [resolve(articleDir)] : [resolve(articleDir), resolve(mediaRoot)];
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function realRoots(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    try {
      out.push(realpathSync(root));
    } catch {
      // a media_root that does not exist holds nothing
    }
  }
  return out;
}

function shown(ref: string): string {
  return JSON.stringify(ref);
}

function where(roots: readonly string[]): string {
  return roots.length > 1 ? "the article's folder and the media_root folder" : "the article's folder";
}

/**
 * Opens `ref` (a local `image:`/`video:`) after checking it may be sent; throws a
 * {@link MediaRefusal} saying why not. `roots` are from {@link mediaRoots}.
 */
export function openMedia(ref: MediaRef, key: MediaKey, roots: readonly string[]): OpenMedia {
  const written = ref.path;
  if (written === undefined) throw new MediaRefusal('not_a_file', `${shown(ref.ref)} is a web address, not a local file`);
  const fix = `move the file into the article's folder${roots.length > 1 ? ' or the media_root folder' : ''} and name it by a relative path such as ./media/${key === 'image' ? 'cover.jpg' : 'clip.mp4'}`;
  // Written outside (an absolute path, or `..` leading out): refused before touching the disk.
  if (!roots.some((root) => isInside(root, written))) {
    throw new MediaRefusal('outside', `${shown(ref.ref)} is outside ${where(roots)}: ${fix}`);
  }
  const real = realRoots(roots);
  let target: string;
  try {
    target = realpathSync(written);
  } catch (error) {
    throw refusalOf(error, ref);
  }
  if (!real.some((root) => isInside(root, target))) {
    throw new MediaRefusal('link_outside', `${shown(ref.ref)} is a symbolic link (or lies in a linked folder) leading outside ${where(roots)}: copy the file itself into the folder`);
  }
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO must not hang the run; O_NOFOLLOW: the checked name must still be the file.
    fd = openSync(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    throw refusalOf(error, ref);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new MediaRefusal('not_a_file', `${shown(ref.ref)} is not a regular file: name ${ACCEPTED[key]} file`);
    // A folder on the way may have been swapped for a link since the check: the opened file
    // must be the one the real path names now, and that path must still be inside.
    let again: string;
    try {
      again = realpathSync(written);
    } catch (error) {
      throw refusalOf(error, ref);
    }
    const now = statSync(again);
    if (!real.some((root) => isInside(root, again)) || now.dev !== info.dev || now.ino !== info.ino) {
      throw new MediaRefusal('link_outside', `${shown(ref.ref)} changed while it was being opened (a symbolic link leading outside ${where(roots)}?): copy the file itself into the folder`);
    }
    if (info.size === 0) throw new MediaRefusal('empty', `${shown(ref.ref)} is empty: name ${ACCEPTED[key]} file`);
    const head = Buffer.alloc(SNIFF_BYTES);
    const got = readSync(fd, head, 0, SNIFF_BYTES, 0);
    const format = sniffFormat(head.subarray(0, got));
    if (format === undefined || format.kind !== key) {
      const is = format === undefined ? 'is not' : `is ${format.kind === 'image' ? 'an image' : 'a video'} (${format.name}), not`;
      throw new MediaRefusal('wrong_type', `${shown(ref.ref)} ${is} ${ACCEPTED[key]} (judged by its first bytes, not its name): save it as one and name that file`);
    }
    return handle(fd, again, info.size, format);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A stream over a shared descriptor closes it when destroyed, whatever `autoClose` says: not this one. */
const KEEP_OPEN = { open, read, close: (_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => done(null) };

function handle(fd: number, path: string, size: number, format: MediaFormat): OpenMedia {
  let closed = false;
  return {
    fd,
    path,
    size,
    format,
    stream: (range = {}) =>
      createReadStream('', {
        fd,
        fs: KEEP_OPEN,
        start: range.start ?? 0,
        ...(range.end === undefined ? {} : { end: range.end }),
        ...(range.highWaterMark ? { highWaterMark: range.highWaterMark } : {}),
      }),
    streamOnce: () => {
      closed = true;
      return createReadStream('', { fd, fs: { open, read, close }, start: 0 });
    },
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

function refusalOf(error: unknown, ref: MediaRef): MediaRefusal {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new MediaRefusal('missing', `${shown(ref.ref)} does not exist: fix the path in the front matter`);
  if (code === 'ELOOP') return new MediaRefusal('link_outside', `${shown(ref.ref)} is a symbolic link: copy the file itself into the folder`);
  if (code === 'EACCES' || code === 'EPERM') return new MediaRefusal('unreadable', `${shown(ref.ref)} cannot be read (permission denied): check its permissions`);
  return new MediaRefusal('unreadable', `${shown(ref.ref)} cannot be read (${code ?? (error as Error)?.message ?? 'unknown error'})`);
}

/** What a check found: the size and type of a file that may be sent, or why not. */
export type MediaInspection = { ok: true; size: number; format: MediaFormat } | { ok: false; refusal: MediaRefusal };

/** Checks a local media file without keeping it open (the dry-run, the article check). */
export function inspectMedia(ref: MediaRef, key: MediaKey, roots: readonly string[]): MediaInspection {
  try {
    const media = openMedia(ref, key, roots);
    media.close();
    return { ok: true, size: media.size, format: media.format };
  } catch (error) {
    if (error instanceof MediaRefusal) return { ok: false, refusal: error };
    throw error;
  }
}

/**
 * A size for messages, in the unit the platforms state their limits in: "10.5 MB" (decimal,
 * as Telegram's 10 MB), "4 GB" (binary above a gigabyte, as TikTok's 4 GB).
 */
export function megabytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(2))} GB`;
  const mb = bytes / 1_000_000;
  return `${mb >= 100 ? Math.round(mb) : Number(mb.toFixed(1))} MB`;
}
