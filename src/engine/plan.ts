/**
 * Plan: the articles, parsed and cleaned (src/engine/inputs.ts reads them with the config),
 * rendered and checked on every channel that takes them. Everything here is pure or reads
 * only local files (media checks): a dry-run is this and nothing more, and sending starts
 * with it (`preflight`).
 */
import { inspectMedia, mediaRoots, megabytes, type MediaInspection } from '../article/media-file.js';
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import type { ChannelType, Post, Problem, RenderContext } from '../channels/types.js';
import type { ChannelConfig, Config } from '../config/types.js';
import { UsageError } from '../errors.js';
import { withSource } from './sources.js';
import { isFailure, type ArticleResult, type ChannelResult, type RunResult } from './result.js';

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

/** True for a channel that does not take the article. */
export function isSkipped(p: Prepared | Skipped): p is Skipped {
  return 'reason' in p;
}


/**
 * A problem for each local file a post needs that is not there, may not be sent (see
 * article/media-file.ts), or is larger than the platform takes.
 */
export function mediaProblems(article: Article, prepared: Prepared, config: Config, seen = new Map<string, MediaInspection>()): Problem[] {
  const refs = prepared.type.media?.(article, prepared.channel) ?? [];
  const problems: Problem[] = [];
  for (const ref of refs) {
    if (ref.path === undefined) continue;
    const key = ref === article.video ? 'video' : 'image';
    const cacheKey = `${key}\0${article.dir}\0${ref.ref}\0${ref.path}`;
    let found = seen.get(cacheKey);
    if (found === undefined) {
      found = inspectMedia(ref, key, mediaRoots(article.dir, config.mediaRoot));
      seen.set(cacheKey, found);
    }
    const at = ref.line === undefined ? article.source : `${article.source}:${ref.line}`;
    if (!found.ok) {
      problems.push(found.refusal.code === 'missing'
        ? { severity: 'error', code: 'missing_media', message: `${ref.ref} (from ${article.source}) does not exist: fix the path in the front matter`, cause: { article: key } }
        : { severity: 'error', code: 'bad_media', message: `${at}: ${key}: ${found.refusal.message}`, cause: { article: key } });
      continue;
    }
    const limit = prepared.type.mediaLimits?.[key];
    if (limit !== undefined && found.size > limit.maxBytes) {
      // Just over the limit, both round alike: then the bytes say it.
      const [size, most] = megabytes(found.size) === megabytes(limit.maxBytes)
        ? [`${found.size} bytes`, `${limit.maxBytes} bytes (${megabytes(limit.maxBytes)})`]
        : [megabytes(found.size), megabytes(limit.maxBytes)];
      problems.push({
        severity: 'error',
        code: 'media_too_big',
        message: `${at}: ${key}: ${JSON.stringify(ref.ref)} is ${size}; ${limit.platform} takes at most ${most}: make the file smaller`,
        cause: { article: key },
      });
    }
  }
  return problems;
}

/** Renders and checks every article on every selected channel; sends nothing. */
export function dryRun(config: Config, articles: readonly Article[], channelNames: readonly string[], now: Date): RunResult {
  const channels = selectChannels(config, channelNames);
  // Many articles share a cover or a clip: ask the file system once per path in this run.
  const seen = new Map<string, MediaInspection>();
  const out: ArticleResult[] = articles.map((article) => {
    const link = knownLink(article, config, now);
    const results: ChannelResult[] = prepareArticle(article, channels, config, link, now).map((p) => {
      if (isSkipped(p)) return { channel: p.channel.name, type: p.channel.type, status: 'skipped', problems: [], reason: p.reason };
      const problems = [...p.problems, ...mediaProblems(article, p, config, seen)].map((x) => withSource(x, article, p.channel, config));
      return {
        channel: p.channel.name,
        type: p.channel.type,
        status: problems.some((x) => x.severity === 'error') ? 'invalid' : 'valid',
        output: p.post.output as Record<string, unknown>,
        problems,
        measures: p.post.measures,
      };
    });
    const result: ArticleResult = { id: article.id, source: article.source, title: article.title, dropped: [...article.dropped], results };
    if (link.predicted) result.linkPredicted = true;
    return result;
  });
  return { ok: !out.some((a) => a.results.some(isFailure)), dryRun: true, articles: out };
}

/** Every problem that stops a send before anything goes out (the dry-run's errors), one line each. */
export function preflight(config: Config, articles: readonly Article[], names: readonly string[], now: Date): string[] {
  const lines: string[] = [];
  for (const [i, a] of dryRun(config, articles, names, now).articles.entries()) {
    for (const r of a.results) {
      for (const problem of r.problems) {
        if (problem.severity === 'error') lines.push(`${articles[i]?.source ?? a.source}: ${r.channel}: ${problem.message}`);
      }
    }
  }
  return lines;
}
