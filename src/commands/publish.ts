import { inspectMedia, mediaRoots, megabytes, type MediaInspection } from '../article/media-file.js';
import { readArticles } from '../article/read.js';
import type { Article } from '../article/types.js';
import type { Problem } from '../channels/types.js';
import type { Config } from '../config/types.js';
import { isSkipped, knownLink, prepareArticle, selectChannels, type Prepared } from '../prepare.js';
import type { ArticleResult, ChannelResult, RunResult } from '../result.js';
import { isFailure, withDropped } from '../result.js';
import { readAll, type Io } from './context.js';
import { articleOptions, loadCommandConfig } from './load.js';

/** `publish <article...>` options. */
export interface PublishOptions {
  articles: string[];
  config?: string;
  channel?: string[];
  dryRun?: boolean;
  json?: boolean;
  at?: string;
  update?: boolean;
  force?: boolean;
}

/** Reads config and every article first: nothing is sent unless all of them parse. */
export async function loadInputs(opts: PublishOptions, io: Io): Promise<{ config: Config; articles: Article[] }> {
  const config = await loadCommandConfig(opts.config, io);
  selectChannels(config, opts.channel ?? []);
  const articles = await readArticles(opts.articles, {
    cwd: io.cwd,
    ...articleOptions(config, io),
    stdin: () => readAll(io.stdin),
  });
  return { config, articles };
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
        ? { severity: 'error', code: 'missing_media', message: `${ref.ref} (from ${article.source}) does not exist: fix the path in the front matter` }
        : { severity: 'error', code: 'bad_media', message: `${at}: ${key}: ${found.refusal.message}` });
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
      });
    }
  }
  return problems;
}

/** Renders and checks every article on every selected channel; sends nothing. */
export function dryRun(config: Config, articles: Article[], channelNames: string[], now: Date): RunResult {
  const channels = selectChannels(config, channelNames);
  // Many articles share a cover or a clip: ask the file system once per path in this run.
  const seen = new Map<string, MediaInspection>();
  const out: ArticleResult[] = articles.map((article) => {
    const link = knownLink(article, config, now);
    const results: ChannelResult[] = prepareArticle(article, channels, config, link, now).map((p) => {
      if (isSkipped(p)) return { channel: p.channel.name, type: p.channel.type, status: 'skipped', problems: [], reason: p.reason };
      const problems = [...p.problems, ...mediaProblems(article, p, config, seen)];
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

/** `publish <article...>`: dry-run, or send through the ledger. */
export async function publishCommand(opts: PublishOptions, io: Io): Promise<RunResult> {
  const { config, articles } = await loadInputs(opts, io);
  const now = new Date();
  if (opts.dryRun) return dryRun(config, articles, opts.channel ?? [], now);
  const { send } = await import('../deliver/send.js');
  const result = await send(config, articles, opts, io, now);
  return { ...result, articles: result.articles.map((r) => {
    const article = articles.find((a) => a.id === r.id);
    return article ? withDropped(r, article) : r;
  }) };
}
