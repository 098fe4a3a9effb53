/**
 * The tool's errors. Each carries a stable `code` and the exit code the single
 * top-level catch in `src/main.ts` turns it into. User errors (config, article,
 * usage) are exit 2 and print as one line, never with a stack.
 */

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
  readonly channel: string;
  readonly retryable: boolean;
  /** Seconds the platform asked us to wait (Telegram's retry_after, Retry-After). */
  readonly retryAfter: number | undefined;
  /** HTTP status, when there was one. */
  readonly status: number | undefined;
  constructor(
    channel: string,
    code: string,
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

/** Thrown to stop with a given exit code after the report has been printed. */
export class ExitError extends PublishError {
  override name = 'ExitError';
  constructor(exitCode: number) {
    super('exit', '', { exitCode });
  }
}
