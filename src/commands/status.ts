import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readArticles } from '../article/read.js';
import type { Config } from '../config/types.js';
import type { CommandContext, GlobalOptions, Io } from '../engine/context.js';
import { loadCommandConfig } from '../engine/inputs.js';
import type { StatusResult } from '../engine/result.js';

/**
 * An article argument may be an id or a file; a file is read for its id. An address is an id
 * as it is (a story read from its page has its canonical address as id): status never fetches.
 */
async function articleId(arg: string | undefined, io: Io, config: Config): Promise<string | undefined> {
  if (arg === undefined) return undefined;
  if (/\.(md|markdown|txt|html?|docx)$/i.test(arg) && !/^https?:\/\//i.test(arg) && existsSync(resolve(io.cwd, arg))) {
    const [article] = await readArticles([arg], { cwd: io.cwd, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: undefined });
    return article?.id;
  }
  return arg;
}

/** `publish status [article]`: what went where and when, and what is scheduled. */
export async function statusCommand(opts: GlobalOptions & { article?: string }, ctx: CommandContext): Promise<StatusResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const id = await articleId(opts.article, ctx.io, config);
  const { ledgerHistory, ledgerPosts } = await import('../engine/ledger-posts.js');
  const posts = await ledgerPosts(config, id, ctx.report);
  return id === undefined ? { article: id, posts } : { article: id, posts, history: await ledgerHistory(config, id) };
}
