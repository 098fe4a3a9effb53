import type { Paragraph } from './paragraph.js';

/**
 * One family of boilerplate: its test, and what every paragraph it recognises has that is
 * cheap to see (a length, a first word, a character), so that the cleaner asks only the
 * families a paragraph could belong to. Most paragraphs are content and open with a word no
 * family lists: they run one or two cheap tests instead of every family's regexes.
 */
export interface Family {
  /** The reason a paragraph belongs to the family, or undefined. */
  readonly test: (p: Paragraph) => string | undefined;
  /** No paragraph longer than this (UTF-16 units) belongs to the family. */
  readonly longest: number;
  /** Every paragraph of the family opens with one of these words (`Paragraph.key`: lower case, bare)… */
  readonly openers?: readonly string[];
  /** …or passes this cheap test. With neither, `test` runs on every paragraph short enough. */
  readonly otherwise?: (p: Paragraph) => boolean;
}
