import type { RetryPolicy } from '../http/retry.js';
import type { KeyPath, Position } from './locate.js';

export type { RetryPolicy };

/** A secret reference `${NAME}` that the environment did not have. */
export interface MissingVariable {
  /** Dotted key path, e.g. `channels.telegram.token`. */
  key: string;
  /** The environment variable name. */
  variable: string;
}

/** One configured destination. */
export interface ChannelConfig<Options = Record<string, unknown>> {
  /** The key under `channels:`; the user's own name. */
  name: string;
  /** The channel type (`telegram`, `wordpress`, …). */
  type: string;
  /** Type-specific options after `${VAR}` interpolation and the type's schema. */
  options: Options;
  /** `enabled: false` keeps a channel configured but unused. @default true */
  enabled: boolean;
  /** Only articles in these languages; undefined = every language. */
  languages: string[] | undefined;
  /** Send this long after the article's send time (ms). */
  delayMs: number | undefined;
  /** Text template overriding the default layout, placeholders `{title} {lead} {body} {url} {hashtags}`. */
  template: string | undefined;
  /** How many hashtags at most; undefined = the type's default. */
  hashtags: number | undefined;
  retry: RetryPolicy;
  /** Per-request timeout, ms. @default 30000 */
  timeoutMs: number;
  /** `per_minute:` posts a minute at most (0 = no pacing); undefined = the platform's cap (ChannelType.perMinute). */
  perMinute?: number | undefined;
  /** `${VAR}` references that were not set: an error when sending, fine for a dry-run. */
  missing: MissingVariable[];
  /** The environment variable each option was written as (`token` → `TELEGRAM_BOT_TOKEN`), for messages. */
  variables?: Record<string, string>;
}

/** channels.yaml, validated. */
export interface Config {
  /** Absolute path of channels.yaml. */
  file: string;
  /** Its directory; relative paths in the file resolve against it. */
  dir: string;
  /** IANA zone for `--at` local times. @default the system zone */
  timezone: string;
  /** Default article language; undefined means every channel takes every article. */
  language: string | undefined;
  /** Absolute SQLite path, or a `postgres://` URL. @default `<dir>/.publish/state.db` */
  state: string;
  /**
   * Absolute folder whose files any article may name as `image:`/`video:`, besides the
   * article's own folder (`media_root:`, relative to channels.yaml). @default none
   */
  mediaRoot?: string;
  /** Compiled `article.strip` patterns: matching paragraphs are dropped. */
  strip: RegExp[];
  /** Compiled `article.keep` patterns: matching paragraphs are never dropped. */
  keep: RegExp[];
  /** `article.clean`: recognise boilerplate without configuration. @default true */
  clean: boolean;
  /** In file order. */
  channels: ChannelConfig[];
  /** Where a key of the file is written (its nearest existing parent's key when it is not), for problems' `source`. */
  locate?: (path: KeyPath) => Position;
  /** Non-fatal notes, e.g. an inline secret: `channels.yaml:12:12 channels.tg.token: …`. */
  warnings: string[];
}
