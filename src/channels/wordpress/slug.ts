/** Marks on a Latin letter (the build writes this as `new RegExp`: made once here, not per call). */
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

/**
 * WordPress's `sanitize_title` as far as a term lookup needs it: accents removed from Latin
 * letters (`remove_accents`), lowercase, spaces and dots to dashes, other punctuation dropped,
 * letters of other scripts percent-encoded as UTF-8 (lowercase hex), 200 bytes at most.
 * A miss is harmless: creating the term then answers `term_exists` with its id.
 */
export function wordpressSlug(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z0-9#]+;/gi, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s._/]+/g, '-');
  let out = '';
  for (const ch of plain) {
    if (/[a-z0-9-]/.test(ch)) out += ch;
    else if ((ch.codePointAt(0) ?? 0) > 0x7f && /[\p{L}\p{N}\p{M}]/u.test(ch)) {
      const encoded = [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      if (out.length + encoded.length > 200) break;
      out += encoded;
    }
  }
  return out.replace(/-+/g, '-').replace(/^-|-$/g, '');
}
