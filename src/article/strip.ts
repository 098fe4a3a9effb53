import type { Segment } from './segment.js';

/**
 * Drops every segment whose text matches one of the `article.strip` patterns (donation
 * appeals, photo credits). Runs before the title and lead are chosen, so boilerplate at
 * the top never becomes the lead. Pieces with no text are never dropped.
 */
export function stripBoilerplate(segments: readonly Segment[], patterns: readonly RegExp[]): Segment[] {
  if (patterns.length === 0) return [...segments];
  // `search` ignores `lastIndex`, so a pattern with the g or y flag behaves the same every time.
  return segments.filter((s) => s.text === '' || !patterns.some((pattern) => s.text.search(pattern) !== -1));
}
