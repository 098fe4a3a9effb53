/**
 * Hashtags from an article's tags, and YouTube's way of counting a tag list.
 */

// Removed without starting a new word: "Ukraine's" → "Ukraines", "U.S." → "US".
const JOINING_MARKS = /['’ʼ‘`´.·]/gu;
// Anything else that is not a letter, mark or digit separates words.
const WORD_SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;
const ONLY_DIGITS = /^[\p{N}\p{M}]*$/u;

/** Upper-cases the first character of a word and keeps the rest as written ("NATO" stays). */
function capitalizeFirst(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0)!);
  return first.toUpperCase() + word.slice(first.length);
}

/**
 * One tag as a hashtag, in the editor's spelling: a one-word tag is kept exactly as written
 * (`breaking` → `#breaking`, `NATO` → `#NATO`). A tag of several words is joined in
 * CamelCase: the first word exactly as written, each later word with its first letter
 * upper-cased to mark where the space was and the rest as written (`peace talks` →
 * `#peaceTalks`, `Peace talks` → `#PeaceTalks`, `NATO summit` → `#NATOSummit`). Hyphens and
 * other punctuation separate words; apostrophes and dots are dropped without starting a new
 * word (`Ukraine's` → `#Ukraines`, `U.S.` → `#US`). Undefined when nothing usable is left
 * (empty, or digits only, which no platform treats as a hashtag).
 */
export function hashtagFromTag(tag: string): string | undefined {
  const words = tag.normalize('NFC').replace(JOINING_MARKS, '').split(WORD_SEPARATORS).filter((w) => w !== '');
  const body = words.map((word, i) => (i === 0 ? word : capitalizeFirst(word))).join('');
  if (ONLY_DIGITS.test(body)) return undefined;
  return `#${body}`;
}

/**
 * Hashtags from tags, in the article's order (see {@link hashtagFromTag} for how one tag is
 * spelled): `['breaking', 'Ukraine', 'peace talks', 'Київ']` → `['#breaking', '#Ukraine',
 * '#peaceTalks', '#Київ']`. Duplicates (compared case-insensitively after building) keep the
 * first spelling. At most `max`, the first distinct ones; never reordered.
 */
export function hashtagsFromTags(tags: readonly string[], max: number): string[] {
  const limit = Number.isNaN(max) ? 0 : Math.max(0, Math.floor(max));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    if (out.length >= limit) break;
    const hashtag = hashtagFromTag(tag);
    if (hashtag === undefined) continue;
    const key = hashtag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(hashtag);
  }
  return out;
}

/**
 * Length of a YouTube tag list as YouTube counts it against its 500 limit: each tag's
 * length, plus 2 for a tag containing a space (YouTube quotes it), plus a comma between tags.
 */
export function youtubeTagsLength(tags: readonly string[]): number {
  if (tags.length === 0) return 0;
  let total = tags.length - 1;
  for (const tag of tags) total += tag.length + (tag.includes(' ') ? 2 : 0);
  return total;
}
