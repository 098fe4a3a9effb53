import { decodeArticleText } from '../decode.js';
import { articleError } from '../located.js';

/**
 * The text of an HTML page: by its byte-order mark, else the charset the server named, else
 * the one the page declares in its first 1024 bytes (`<meta charset>`), else UTF-8; then
 * cleaned as every article is (src/article/decode.ts). Old Ukrainian and Russian sites still
 * serve windows-1251.
 */
export function decodeHtml(source: string, raw: string | Buffer, served?: string): string {
  if (typeof raw === 'string') return decodeArticleText(source, raw);
  const charset = byteOrderMark(raw) ?? served?.trim().toLowerCase() ?? declared(raw) ?? 'utf-8';
  if (charset === 'utf-8' || charset === 'utf8' || charset === 'unicode-1-1-utf-8') return decodeArticleText(source, raw);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: false });
  } catch (cause) {
    throw articleError(source, `is in the character set "${charset}", which publish cannot read: save the page as UTF-8`, undefined, cause);
  }
  return decodeArticleText(source, decoder.decode(raw));
}

function byteOrderMark(raw: Buffer): string | undefined {
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return 'utf-8';
  if (raw[0] === 0xff && raw[1] === 0xfe) return 'utf-16le';
  if (raw[0] === 0xfe && raw[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The charset a page declares in a `<meta>` of its first 1024 bytes, lower case. */
function declared(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 1024).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}
