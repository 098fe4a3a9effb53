/**
 * The tool's errors. Each carries a stable `code` and the exit code the single
 * top-level catch in `src/main.ts` turns it into. User errors (config, article,
 * usage) are exit 2 and print as one line, never with a stack.
 */

declare const platformBrand: unique symbol;

/**
 * A code the platform itself gave (WordPress `rest_post_exists`, a TikTok refusal we do not
 * know yet), passed on as it is. Made only by {@link platformCode}, so that a bare string
 * never passes for one of ours.
 */
export type PlatformCode = string & { readonly [platformBrand]: true };

/** Marks a code the platform gave as one to pass on in `error.code`. */
export function platformCode(code: string): PlatformCode {
  return code as PlatformCode;
}

/**
 * Every `code` a ChannelError may carry (the `error.code` of a channel's JSON result). A
 * typo does not compile; a platform's own code must be marked with {@link platformCode}.
 */
export type ChannelErrorCode =
  // No answer, or not asked: src/http/policy.ts and src/http/retry.ts decide these.
  | 'network' | 'timeout' | 'aborted' | 'interrupted' | 'outcome_unknown'
  // An HTTP answer that says only its status (src/http/policy.ts).
  | 'rate_limited' | 'server_error' | `http_${number}`
  // An answer that is not the platform's (a proxy, a wrong address).
  | 'bad_response' | 'bad_answer' | 'not_json' | 'no_route' | 'no_rest_api'
  // Credentials and rights.
  | 'unauthorized' | 'forbidden' | 'not_admin' | 'missing_credentials' | 'no_refresh_token'
  | 'invalid_client' | 'invalid_grant' | 'access_token_invalid' | 'scope_not_authorized' | 'quota_exceeded'
  // The target or an earlier post.
  | 'not_found' | 'chat_not_found' | 'gone' | 'exists' | 'cannot_delete' | 'cannot_edit' | 'missing_category'
  // Cancel and retract: what the ledger holds, or what the post became meanwhile.
  | 'bad_receipt' | 'already_live' | 'still_scheduled'
  // The post itself refused.
  | 'bad_request' | 'bad_html' | 'too_long' | 'rejected' | 'invalid_param' | 'privacy_not_offered'
  // Media files.
  | 'missing_media' | 'bad_media' | 'bad_image' | 'bad_photo' | 'bad_path' | 'no_video' | 'remote_video'
  | 'video_size' | 'too_long_video' | 'featured_image_dropped'
  // Uploads and processing (TikTok).
  | 'upload_range' | 'upload_expired' | 'upload_refused' | 'upload_incomplete' | `publish_failed_${string}`
  // Local writes (the static site).
  | 'write_failed'
  // Decided by the engine, not the platform.
  | 'no_link' | 'ledger' | 'config' | 'unexpected' | 'internal'
  | PlatformCode;

/** Base class: a message meant for a person, a stable code, and an exit code. */
export class PublishError extends Error {
  override name = 'PublishError';
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** The command line was wrong (unknown channel, bad --at). Exit 2. */
export class UsageError extends PublishError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** channels.yaml could not be read or is invalid. `problems` holds every line found. */
export class ConfigError extends PublishError {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[], options?: { cause?: unknown }) {
    super('config', problems.join('\n'), options);
    this.problems = problems;
  }
}

/** An article could not be read or parsed. The message names the file (and line). */
export class ArticleError extends PublishError {
  override name = 'ArticleError';
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('article', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** The ledger database could not be opened or is damaged. Exit 2: nothing is sent. */
export class LedgerError extends PublishError {
  override name = 'LedgerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ledger', message, options);
  }
}

/**
 * A channel's request failed. Channels map their platform's errors into this,
 * with a message an editor can act on and whether trying again may help.
 */
export class ChannelError extends PublishError {
  override name = 'ChannelError';
  declare readonly code: ChannelErrorCode;
  readonly channel: string;
  readonly retryable: boolean;
  /** Seconds the platform asked us to wait (Telegram's retry_after, Retry-After). */
  readonly retryAfter: number | undefined;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  constructor(
    channel: string,
    code: ChannelErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfter?: number; status?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause, exitCode: 1 });
    this.channel = channel;
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
    this.status = options.status;
  }
}
