import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { ARTICLE_EXTENSIONS } from '../article/format.js';
import type { Config } from '../config/types.js';
import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { articleOptions, loadCommandConfig } from '../engine/inputs.js';
import { readArticles } from '../article/read.js';
import type { StatusResult } from '../engine/result.js';

/**
 * An article argument may be an id or a file; a file is read for its id. An address is an id
 * as it is (a story read from its page has its canonical address as id): status never fetches.
 */
async function articleId(arg: string | undefined, config: Config, ctx: CommandContext): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  if (extname(arg).toLowerCase() in ARTICLE_EXTENSIONS && !/^https?:\/\//i.test(arg) && existsSync(resolve(ctx.io.cwd, arg))) {
    // Read as every command reads it (same id), without the media check: status sends nothing.
    const [article] = await readArticles([arg], { cwd: ctx.io.cwd, ...articleOptions(config, ctx), media: undefined });
    return article?.id;
  }
  return arg;
}

/** `publish status [article]`: what went where and when, and what is scheduled. */
export async function statusCommand(opts: GlobalOptions & { article?: string }, ctx: CommandContext): Promise<StatusResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const id = await articleId(opts.article, config, ctx);
  const { ledgerHistory, ledgerPosts } = await import('../engine/ledger-posts.js');
  const posts = await ledgerPosts(config, id, ctx.report);
  return id === undefined ? { article: id, posts } : { article: id, posts, history: await ledgerHistory(config, id) };
}
