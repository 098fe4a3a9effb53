import type { Article } from '../article/types.js';
import type { ChannelConfig } from '../config/types.js';
import type { ChannelResult } from '../engine/result.js';

/** Everything one channel's card is drawn from. */
export interface CardInput {
  /** The channel's dry-run result: exactly what `publish --dry-run --json` prints. */
  result: ChannelResult;
  article: Article;
  /** The channel's configuration (undefined only if the result names an unknown channel). */
  channel: ChannelConfig | undefined;
  /** The article's image as a `data:` URI, when it is a local file. */
  cover: string | undefined;
  /** Folders whose files the page may inline (the article's, `media_root:`). */
  mediaRoots: readonly string[];
  /** Fields whose size is over the platform limit: their element gets `data-over`. */
  overFields: ReadonlySet<string>;
  /** True when the link is a stand-in for the one the website will give. */
  linkPredicted: boolean;
  /** When the page was made (shown as the post time). */
  now: Date;
}

/** Draws the platform mock-up of one channel's post (the middle of a card). */
export type StageRenderer = (input: CardInput) => string;
