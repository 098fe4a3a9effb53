import type { ParseOptions } from '../article/parse.js';
import { readArticles } from '../article/read.js';
import type { Article } from '../article/types.js';
import { getChannelType } from '../channels/index.js';
import { resolveConfigPath } from '../config/find.js';
import { loadConfig } from '../config/load-config.js';
import { SECRET_KEY_NAMES } from '../config/secret-keys.js';
import type { Config } from '../config/types.js';
import { UsageError } from '../errors.js';
import { registerSecret } from '../scrub.js';
import { readAll, type CommandContext } from './context.js';
import { selectChannels } from './plan.js';

/** Loads channels.yaml for a command, registers its secrets for scrubbing and says its warnings. */
export async function loadCommandConfig(flag: string | undefined, { io, report }: CommandContext): Promise<Config> {
  const file = resolveConfigPath(flag, io.env, io.cwd);
  const config = await loadConfig(file, { env: io.env });
  for (const channel of config.channels) {
    const keys = new Set([...(getChannelType(channel.type)?.secretKeys ?? []), ...SECRET_KEY_NAMES]);
    const options = channel.options as Record<string, unknown>;
    for (const key of keys) {
      const value = options[key];
      if (typeof value === 'string') registerSecret(value);
    }
    if (typeof options.password === 'string' && typeof options.username === 'string') {
      registerSecret(Buffer.from(`${options.username}:${options.password}`).toString('base64'));
    }
  }
  for (const warning of config.warnings) report.warn(warning);
  return config;
}

/**
 * How every command that sends or shows articles reads them with this config: its strip
 * patterns and language, its media_root (media files are checked), its channel names (front
 * matter overrides are checked), warnings on stderr.
 */
export function articleOptions(config: Config, { report }: CommandContext): ParseOptions & { media: { root: string | undefined } } {
  return {
    strip: config.strip,
    keep: config.keep,
    clean: config.clean,
    defaultLanguage: config.language,
    media: { root: config.mediaRoot },
    channels: config.channels.map((c) => c.name),
    warn: (message) => report.warn(message),
  };
}

/** Reads the given articles (`-` is stdin) with this config; the first that cannot be read throws. */
export function readInputArticles(sources: readonly string[], config: Config, ctx: CommandContext): Promise<Article[]> {
  return readArticles([...sources], { cwd: ctx.io.cwd, ...articleOptions(config, ctx), stdin: () => readAll(ctx.io.stdin) });
}

/** Reads config and every article first: nothing is sent unless all of them parse. */
export async function loadInputs(
  opts: { config?: string; channel?: string[]; articles: string[] },
  ctx: CommandContext,
): Promise<{ config: Config; articles: Article[] }> {
  const config = await loadCommandConfig(opts.config, ctx);
  selectChannels(config, opts.channel ?? []);
  const articles = await readInputArticles(opts.articles, config, ctx);
  return { config, articles };
}

/** `<article id>[:<channel>]` of cancel and retract: the article and the channel, checked against channels.yaml. */
export function parsePostId(command: string, id: string, config: Config): { article: string; channel: string | undefined } {
  const [article, channel] = splitPostId(id);
  if (!article || channel === '') throw new UsageError(`${command}: give an article id, or article id:channel`);
  if (channel !== undefined && !config.channels.some((c) => c.name === channel)) {
    throw new UsageError(`${command} ${id}: no channel "${channel}" in ${config.file}`);
  }
  return { article, channel };
}

/**
 * `id` or `id:channel`. An article read from its page has its address as id
 * (`https://…/story/`): only a last `:name` after the address is a channel.
 */
function splitPostId(id: string): [string, string | undefined] {
  if (/^https?:\/\//i.test(id)) {
    const m = /^(.*[^:]):([A-Za-z0-9_.-]+)$/.exec(id);
    return m && !/^\d+$/.test(m[2]!) && !m[2]!.includes('/') && !/^https?:\/\/[^/]*$/i.test(m[1]!) ? [m[1]!, m[2]] : [id, undefined];
  }
  const at = id.lastIndexOf(':');
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : [id, undefined];
}
