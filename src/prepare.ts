import type { Article } from './article/types.js';
import { getChannelType } from './channels/index.js';
import type { ChannelType, Post, Problem, RenderContext } from './channels/types.js';
import type { ChannelConfig, Config } from './config/types.js';
import { UsageError } from './errors.js';

/** A channel that takes the article, rendered and checked. */
export interface Prepared {
  channel: ChannelConfig;
  type: ChannelType;
  post: Post;
  problems: Problem[];
  ctx: RenderContext;
}

/** A channel that does not take the article, and why. */
export interface Skipped {
  channel: ChannelConfig;
  reason: string;
}

/** The channels `--channel` names (all enabled ones when none), in channels.yaml order. */
export function selectChannels(config: Config, names: readonly string[]): ChannelConfig[] {
  for (const name of names) {
    if (!config.channels.some((c) => c.name === name)) {
      const known = config.channels.map((c) => c.name).join(', ');
      throw new UsageError(`--channel ${name}: no such channel in ${config.file}; the channels are: ${known}`);
    }
  }
  if (names.length > 0) return config.channels.filter((c) => names.includes(c.name));
  return config.channels.filter((c) => c.enabled);
}

/** Why `channel` does not take `article`, or undefined when it does. */
export function skipReason(article: Article, channel: ChannelConfig, type: ChannelType): string | undefined {
  if (article.overrides[channel.name]?.skip) return `the article says skip (channels.${channel.name}.skip)`;
  if (article.fetched && type.providesLink) return `already on the website (the article was read from ${article.url ?? article.source})`;
  if (article.language && channel.languages && !channel.languages.includes(article.language)) {
    return `the article is in "${article.language}"; this channel takes ${channel.languages.map((l) => `"${l}"`).join(', ')}`;
  }
  return type.skipReason?.(article, channel);
}

/** The website channels among `channels` whose link can stand for the article's URL. */
export function linkProviders(config: Config): ChannelConfig[] {
  return config.channels.filter((c) => c.enabled && getChannelType(c.type)?.providesLink);
}

/**
 * The article's canonical link known before sending: its `url`, else (predicted) the
 * first website channel's stand-in built from its base URL and the slug.
 */
export function knownLink(article: Article, config: Config, now: Date): { link: string | undefined; predicted: boolean } {
  if (article.url) return { link: article.url, predicted: false };
  for (const c of linkProviders(config)) {
    const link = getChannelType(c.type)?.predictLink?.(article, c, now);
    if (link) return { link, predicted: true };
  }
  return { link: undefined, predicted: false };
}

/** Renders and checks one article on one channel. Pure. */
export function prepare(
  article: Article,
  channel: ChannelConfig,
  config: Config,
  link: { link: string | undefined; predicted: boolean },
  now: Date,
): Prepared {
  const type = getChannelType(channel.type);
  if (!type) throw new UsageError(`channels.${channel.name}: unknown type ${channel.type}`);
  const ctx: RenderContext = { channel, config, link: link.link, linkPredicted: link.predicted, now };
  const post = type.render(article, ctx);
  return { channel, type, post, problems: [...(post.problems ?? []), ...type.check(post, ctx)], ctx };
}

/** Splits `channels` for one article into those that take it (rendered) and those that skip it. */
export function prepareArticle(
  article: Article,
  channels: readonly ChannelConfig[],
  config: Config,
  link: { link: string | undefined; predicted: boolean },
  now: Date,
): (Prepared | Skipped)[] {
  return channels.map((channel) => {
    const type = getChannelType(channel.type);
    if (!type) throw new UsageError(`channels.${channel.name}: unknown type ${channel.type}`);
    const reason = skipReason(article, channel, type);
    if (reason !== undefined) return { channel, reason };
    return prepare(article, channel, config, link, now);
  });
}

export function isSkipped(p: Prepared | Skipped): p is Skipped {
  return 'reason' in p;
}
