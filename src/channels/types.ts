import type { z } from 'zod';
import type { Article, MediaRef } from '../article/types.js';
import type { VendoredClient } from '../clients/load.js';
import type { ChannelConfig, Config } from '../config/types.js';

/** A platform's size limit on an uploaded file. */
export interface MediaLimit {
  /** Bytes. */
  maxBytes: number;
  /** Who sets it, for the message: "Telegram (sendPhoto)". */
  platform: string;
}

/** One rule a rendered post breaks (or nearly breaks). */
export interface Problem {
  severity: 'error' | 'warning';
  /** Stable, e.g. `too_long`, `bad_html`, `angle_brackets`, `tags_too_long`. */
  code: string;
  message: string;
  /**
   * What in the article or channels.yaml causes it, when the channel knows better than the
   * engine's defaults (src/engine/sources.ts); replaced by `source` in every result.
   */
  cause?: ProblemCause;
  /** Where the cause is written: set by the engine for every problem of a dry-run or `check`. */
  source?: SourcePosition;
}

/** A place in a file: the article or channels.yaml (1-based line and column). */
export interface SourcePosition {
  /** The article as given on the command line, or channels.yaml's absolute path. */
  file: string;
  line: number;
  column: number;
}

/**
 * The part of the input a problem comes from: a front matter key or the paragraph it was
 * taken from (`title`, `lead`, `tags`, `image`, `video`, `url`, `slug`, `override` = this
 * channel's `channels:` entry), a line of the article file, or a key of the channel in
 * channels.yaml (`template`, `max_length`, `path`).
 */
export type ProblemCause =
  | { article: 'title' | 'lead' | 'tags' | 'image' | 'video' | 'url' | 'slug' | 'youtube' | 'override' }
  | { line: number }
  | { option: string };

/** How much of a platform limit a post uses, for the human report and preview. */
export interface Measure {
  /** What was measured, e.g. "text", "caption", "description". */
  field: string;
  used: number;
  limit: number;
  unit: 'chars' | 'UTF-16 units' | 'UTF-8 bytes' | 'characters';
}

/** The exact payload a channel will send (docs/ARCHITECTURE.md, `output`). */
export interface Post<Output = Record<string, unknown>> {
  channel: string;
  type: string;
  output: Output;
  measures: Measure[];
  /** Found while rendering: what the payload had to leave out (raw HTML the channel drops). */
  problems?: Problem[];
}

/** What the platform gave back for a post; stored in the ledger. */
export interface Receipt {
  /** Remote id as a string (TikTok ids exceed 2^53). */
  id: string;
  url?: string;
  /** Anything the type needs to edit the post later (e.g. Telegram's message ids). */
  extra?: Record<string, unknown>;
  /**
   * Set by an edit that changed nothing because the platform already showed exactly this
   * (Telegram's "message is not modified"): the result is `unchanged`, not `updated`.
   * Not stored in the ledger.
   */
  unchanged?: boolean;
}

/** Everything a renderer may know. Renderers are pure: no I/O. */
export interface RenderContext<Options = Record<string, unknown>> {
  channel: ChannelConfig<Options>;
  config: Config;
  /** The canonical link: the article's `url`, the website's link, or a stand-in in dry-run. */
  link: string | undefined;
  /** True when `link` is a stand-in built from the website's base URL and the slug. */
  linkPredicted: boolean;
  /** When the article goes out (now, or `--at`); dates in paths and front matter use it. */
  now: Date;
}

/** Persistent key/value store for rotated platform tokens (lives in the ledger database). */
export interface TokenStore {
  get(key: string): Promise<string | undefined>;
  /** Must be durable when it resolves: TikTok invalidates the old refresh token at once. */
  set(key: string, value: string): Promise<void>;
}

/** Progress of long work (uploads), shown by the report. */
export interface Progress {
  (event: { phase: string; done?: number; total?: number; note?: string }): void;
}

/** What `deliver` gets besides the post. */
export interface DeliverContext<Options = Record<string, unknown>> {
  channel: ChannelConfig<Options>;
  config: Config;
  article: Article;
  /** The canonical link actually used in the post. */
  link: string | undefined;
  /**
   * `create`: first send (or `--force`). `update`: `--update` of a post we have a receipt for.
   * `reconcile`: a row was left in flight by a killed run; find the post if the platform can,
   * else return undefined.
   */
  mode: 'create' | 'update';
  /** The earlier receipt when mode is `update`. */
  previous: Receipt | undefined;
  /** When the post should appear (scheduled WordPress posts use it); undefined = now. */
  publishAt: Date | undefined;
  /**
   * Runs one request under the channel's retry policy: retries a ChannelError with
   * `retryable`, honouring `retryAfter`. Every network request of a channel goes through it.
   * `request` gets the signal its HTTP library must pass on: it aborts at the request's own
   * timeout (a plain timer, see src/http/deadline.ts) or when the channel's time is spent.
   * A request that `creates` (a message with no idempotency key) and gets no answer fails
   * with `outcome_unknown` instead of being tried again.
   */
  attempt<T>(label: string, request: (signal: AbortSignal) => Promise<T>, opts?: { creates?: boolean; timeoutMs?: number | null }): Promise<T>;
  /** Aborts when the channel's time for this run is spent (`retry.budget`, plus an upload's allowance). */
  signal: AbortSignal;
  tokens: TokenStore;
  progress: Progress;
}

/** Result of `verify` (`publish check --online`). */
export interface VerifyResult {
  ok: boolean;
  /** One line: what works, or what to fix. */
  message: string;
}

/** What `retract` did to a post: taken down, or left to a person with one line saying what to do. */
export interface Retraction {
  outcome: 'retracted' | 'manual';
  /** One line: "moved to the trash", "deleted 1 message", "open <link> and delete it". */
  detail: string;
}

/**
 * What a channel's `deliver.ts` exports, under these names: the only code that talks to the
 * platform, loaded by `lazyDeliver` (src/channels/lazy.ts) the first time it is needed.
 */
export interface DeliverModule<Options = any, Output = any> {
  deliver(post: Post<Output>, ctx: DeliverContext<Options>): Promise<Receipt>;
  lookup?(post: Post<Output>, ctx: DeliverContext<Options>): Promise<Receipt | undefined>;
  verify?(ctx: DeliverContext<Options>): Promise<VerifyResult>;
  retract?(ctx: DeliverContext<Options>): Promise<Retraction>;
  unschedule?(ctx: DeliverContext<Options>): Promise<Receipt>;
  /** Loads the platform client without sending (see ChannelType.load). */
  loadClient?(): Promise<unknown>;
}

/**
 * A channel type: one folder in src/channels (options.ts, render.ts, deliver.ts, card.ts,
 * index.ts), registered by one line in src/channels/index.ts.
 */
export interface ChannelType<Options = any, Output = any> {
  type: string;
  /** The platform's name as people say it ("Telegram", "Static site"): the preview's badge. */
  platform: string;
  /** Zod schema of the type's own keys (the common keys are handled by the config loader). */
  schema: z.ZodType<Options>;
  /**
   * The options of a working channel of this type for a dry-run, as channels.yaml would hold
   * them (no secrets: a dry-run needs none). The shared channel contract renders every example
   * article with it.
   */
  example: Record<string, unknown>;
  /**
   * The platform client bundles its sending code loads: each is built from
   * `src/clients/<name>.ts` into `dist/vendor/<name>.cjs` (scripts/build.mjs reads them from
   * src/clients/bundles.json, which the shared channel contract keeps equal to these).
   * @default none
   */
  clients?: readonly VendoredClient[];
  /** How its post looks to its audience in `publish preview`. @default every payload field as text */
  card?: StageRenderer;
  /** Keys of `options` that hold secrets (warned about when written inline; scrubbed from output). */
  secretKeys: readonly string[];
  /**
   * An option holding a secret the platform replaces on use (TikTok's `refresh_token`): its
   * newest value lives in the ledger's token store under the same key, so `publish check`
   * warns while only the ledger has it, and `publish token <channel>` prints it for a backup.
   */
  rotatedSecret?: string;
  /** Keys that are required when sending but not in a dry-run (usually the secrets). */
  sendRequires?: readonly string[];
  /**
   * The platform can hold a post until a time (WordPress `future`): with `--at` it is sent
   * at once with `publishAt`, so its link exists before the other channels go out.
   */
  schedulesNatively?: boolean;
  /** Extra time a delivery may take beyond the retry budget (an upload of a large file). */
  timeAllowanceMs?(article: Article, channel: ChannelConfig<Options>): number;
  /** False when the post never shows the story's link (TikTok): it need not wait for the website. @default true */
  usesLink?: boolean;
  /** True for the website types: their link becomes the other channels' canonical URL. */
  providesLink?: boolean;
  /** The link this channel would give an article, known offline (for the dry-run stand-in). */
  predictLink?(article: Article, channel: ChannelConfig<Options>, now: Date): string | undefined;
  /** Local files the post sends (image, video), so a missing one is reported before anything goes out. */
  media?(article: Article, channel: ChannelConfig<Options>): MediaRef[];
  /** The largest local file the platform takes, by front matter key; checked by the dry-run. */
  mediaLimits?: Partial<Record<'image' | 'video', MediaLimit>>;
  /** Why this type does not take this article (e.g. no `youtube:` id), or undefined. */
  skipReason?(article: Article, channel: ChannelConfig<Options>): string | undefined;
  /** Pure: the exact payload. */
  render(article: Article, ctx: RenderContext<Options>): Post<Output>;
  /** Pure: every rule the payload breaks. */
  check(post: Post<Output>, ctx: RenderContext<Options>): Problem[];
  /** Loads the sending code and the platform client, without sending anything. */
  load?(): Promise<unknown>;
  /**
   * Requests one post takes (TikTok: token, creator info, init, upload, status). When an
   * article goes out to several channels, they start one by one as their code loads, the
   * most requests first: the long chains are on the wire while the others load. @default 1
   */
  requestsPerPost?: number;
  /**
   * The platform's documented cap on new posts a minute (Telegram 20 in a channel, TikTok 6
   * video inits per account): a run paces the channel to it unless `per_minute:` says
   * otherwise. @default no pacing
   */
  perMinute?: number;
  /** The only code that talks to the platform. Throws ChannelError on failure. */
  deliver(post: Post<Output>, ctx: DeliverContext<Options>): Promise<Receipt>;
  /** Edits are possible (`--update`); when absent, `--update` reports the reason below. */
  supportsUpdate?: boolean | string;
  /** Finds an already-made post (after a killed run) without creating one. */
  lookup?(post: Post<Output>, ctx: DeliverContext<Options>): Promise<Receipt | undefined>;
  /** `publish check --online`: credentials work and the target exists. */
  verify?(ctx: DeliverContext<Options>): Promise<VerifyResult>;
  /**
   * Pure: the time until which the platform holds the post of `receipt` (WordPress `future`),
   * or undefined when it is out. Such a post is `scheduled`, not `published`, until then.
   */
  heldUntil?(receipt: Receipt): Date | undefined;
  /**
   * `publish cancel`: turns the post the platform holds for a time (`ctx.previous`) back into
   * a draft, so it never goes live; returns the draft's receipt. Safe to repeat.
   */
  unschedule?(ctx: DeliverContext<Options>): Promise<Receipt>;
  /** Pure: what `retract` would do to the post of `receipt`, one line (--dry-run, the question). */
  retractPlan?(receipt: Receipt, channel: ChannelConfig<Options>): string;
  /**
   * `publish retract`: takes the post of `ctx.previous` down as far as the platform allows.
   * Safe to repeat: what is already down counts as done.
   */
  retract?(ctx: DeliverContext<Options>): Promise<Retraction>;
}

/** How one channel ended for one article (docs/ARCHITECTURE.md, `status`). */
export type ChannelStatus =
  | 'valid'
  | 'invalid'
  | 'published'
  | 'updated'
  | 'unchanged'
  | 'scheduled'
  | 'skipped'
  | 'failed';

/** One channel's result for one article; printed as-is by `--json` (minus `measures`). */
export interface ChannelResult {
  channel: string;
  type: string;
  status: ChannelStatus;
  /** The platform payload (absent when skipped before rendering). */
  output?: Record<string, unknown>;
  problems: Problem[];
  remote?: { id: string; url?: string };
  error?: { code: string; message: string; retryable: boolean };
  /** Why it was skipped, unchanged or scheduled, in words. */
  reason?: string;
  /** When it is scheduled for (ISO). */
  at?: string;
  /** Sizes against limits; human output only. */
  measures?: Measure[];
}

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
