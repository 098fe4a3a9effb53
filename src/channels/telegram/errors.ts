/**
 * The one place where what telegraf throws becomes a ChannelError an editor can act on.
 * telegraf puts the bot token into URLs (and so into FetchError messages and stacks),
 * so nothing of its errors is passed on without the token scrubbed out.
 */
import { ChannelError, type ChannelErrorCode } from '../../errors.js';
import { describeNetworkCode, isRetryableStatus, statusCode } from '../../http/policy.js';

/** What the mapping needs to know to write a useful message. */
export interface TelegramErrorContext {
  /** Channel name (for the ChannelError). */
  channel: string;
  /** The chat as configured (`@name` or `-100…`), named in messages. */
  chat: string;
  /** The bot token: removed from every text taken from the library. */
  token: string;
  /** The API root host, named when the server itself misbehaves. */
  host: string;
  /** The environment variable `token` is written as in channels.yaml, if any. */
  tokenVariable?: string;
  /** The run's signal: an abort from it is a cancellation, not a timeout. */
  signal?: AbortSignal;
}

/** The shape of telegraf's `TelegramError` (checked structurally: telegraf is loaded lazily). */
interface TelegramErrorLike {
  name?: string;
  message?: string;
  response: { error_code: number; description: string; parameters?: { retry_after?: number } };
}

function isTelegramError(error: unknown): error is TelegramErrorLike {
  const r = (error as { response?: unknown } | null)?.response as TelegramErrorLike['response'] | undefined;
  return typeof r === 'object' && r !== null && typeof r.error_code === 'number' && typeof r.description === 'string';
}

/** True for Telegram's "message is not modified" refusal, which an edit counts as success. */
export function isNotModified(error: unknown): boolean {
  return isTelegramError(error) && error.response.error_code === 400 && /message is not modified/i.test(error.response.description);
}

/** `text` with every form of the token (plain, URL-encoded, telegraf's bot URL path) replaced. */
export function scrubToken(text: string, token: string): string {
  let out = text;
  for (const form of new Set([token, encodeURIComponent(token)])) {
    if (form) out = out.split(form).join('***');
  }
  return out.replace(/\/(bot|user)\d+:[^/\s]+/g, '/$1***');
}

/** A copy of a library error that is safe to keep as `cause`: message and stack scrubbed. */
export function scrubbedError(error: unknown, token: string): Error {
  const e = error as { name?: string; message?: string; stack?: string; code?: unknown; type?: unknown };
  const copy = new Error(scrubToken(String(e?.message ?? error), token));
  copy.name = typeof e?.name === 'string' ? e.name : 'Error';
  copy.stack = scrubToken(typeof e?.stack === 'string' ? e.stack : `${copy.name}: ${copy.message}`, token);
  if (e?.code !== undefined) (copy as Error & { code?: unknown }).code = e.code;
  if (e?.type !== undefined) (copy as Error & { type?: unknown }).type = e.type;
  return copy;
}

/** Maps anything a Telegram request threw into a ChannelError (retryable for 429, 5xx and the network). */
export function telegramChannelError(error: unknown, ctx: TelegramErrorContext): ChannelError {
  const cause = scrubbedError(error, ctx.token);
  const make = (code: ChannelErrorCode, message: string, opts: { retryable?: boolean; retryAfter?: number; status?: number } = {}) =>
    new ChannelError(ctx.channel, code, scrubToken(message, ctx.token), { ...opts, cause });

  if (isTelegramError(error)) {
    const { error_code: status, description, parameters } = error.response;
    const said = oneLine(description);
    if (isRetryableStatus(status)) {
      const retryAfter = parameters?.retry_after;
      return make(statusCode(status), status === 429 ? `Telegram asks to slow down (${said})` : `Telegram answered ${status} ${said}`, {
        retryable: true,
        status,
        ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
      });
    }
    if (status === 401) {
      const where = ctx.tokenVariable ? `${ctx.tokenVariable} (the channel's \`token\`)` : "the channel's `token`";
      return make('unauthorized', `Telegram rejected the bot token: check ${where}`, { status });
    }
    if (/chat not found/i.test(description)) {
      return make('chat_not_found', `chat not found: check \`chat\` (${ctx.chat}) in channels.yaml`, { status });
    }
    if (/need administrator rights|not a member|not enough rights|have no rights|bot was kicked|CHAT_ADMIN_REQUIRED|CHAT_WRITE_FORBIDDEN/i.test(description)) {
      return make('not_admin', `the bot is not an admin of ${ctx.chat}: add it with the Post messages right`, { status });
    }
    if (/can't parse entities/i.test(description)) {
      return make('bad_html', `Telegram refused the post's HTML: ${said}`, { status });
    }
    if (/too long|TOO_LONG/i.test(description)) {
      return make('too_long', `Telegram refused the post as too long: ${said}`, { status });
    }
    if (/message can't be deleted/i.test(description)) {
      return make('cannot_delete', `Telegram will not delete the earlier message in ${ctx.chat} (${said}): a bot may delete only messages of the last 48 hours`, { status });
    }
    if (/message to edit not found|message to delete not found|MESSAGE_ID_INVALID/i.test(description)) {
      return make('not_found', `the earlier post is gone from ${ctx.chat} (${said}): send it anew with --force`, { status });
    }
    if (/wrong file identifier|HTTP URL specified|failed to get HTTP URL content|wrong type of the web page content/i.test(description)) {
      return make('bad_photo', `Telegram could not use the article image (${said}): check \`image:\` in the article`, { status });
    }
    if (status === 404) {
      return make('not_found', `Telegram answered 404 ${said}: check \`api_root\` (${ctx.host})`, { status });
    }
    if (status === 403) return make('forbidden', `Telegram refused the post in ${ctx.chat}: ${said}`, { status });
    return make(status === 400 ? 'bad_request' : statusCode(status), `Telegram refused the request: ${said}`, { status });
  }

  const e = error as { name?: string; type?: string; code?: string } | null;
  if (e?.name === 'AbortError' || e?.type === 'aborted') {
    if (ctx.signal?.aborted) return make('aborted', 'Telegram: cancelled (the channel ran out of time)');
    return make('timeout', `Telegram (${ctx.host}) did not answer in time`, { retryable: true });
  }
  if (e?.name === 'FetchError' && e.type === 'invalid-json') {
    // A proxy or a wrong api_root answering with an HTML page; trying again will not help.
    return make('bad_response', `${ctx.host} answered with a page that is not the Bot API's JSON: check \`api_root\``);
  }
  if (e?.name === 'FetchError' || typeof e?.code === 'string') {
    return make('network', `Telegram (${ctx.host}) could not be reached: ${describeNetworkCode(e?.code, '`api_root`')}`, { retryable: true });
  }
  return make('internal', `Telegram request failed: ${oneLine(cause.message)}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
