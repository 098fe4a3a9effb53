/**
 * telegraf's `Telegram` client, loaded on first use (a dry-run never loads telegraf), and the
 * one function every Bot API request goes through: the channel's retry wrapper, a
 * per-request timeout, and the error mapping. telegraf itself never retries.
 */
import { ChannelError } from '../../errors.js';
import type { Opts, Telegram as TelegramApi } from 'telegraf/types';
import type { Telegram } from 'telegraf';
import { loadClient } from '../../clients/load.js';
import { registerSecret } from '../../scrub.js';
import type { DeliverContext } from '../types.js';
import type { TelegramOptions } from './options.js';
import { isNotModified, telegramChannelError, type TelegramErrorContext } from './errors.js';

type TelegrafModule = typeof import('../../clients/telegraf.js');

let telegrafModule: Promise<TelegrafModule> | undefined;

/** telegraf, imported once, lazily. */
export function loadTelegraf(): Promise<TelegrafModule> {
  telegrafModule ??= loadClient('telegraf', () => import('../../clients/telegraf.js'));
  return telegrafModule;
}

/** `api_root` as telegraf needs it: a path is kept only with a trailing slash. */
export function normaliseApiRoot(apiRoot: string): string {
  return apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
}

/** A connected client plus what the error mapping needs. */
export interface TelegramSession {
  client: Telegram;
  telegraf: TelegrafModule;
  errors: TelegramErrorContext;
}

/** Opens a client for the channel (no polling, no launch) and registers its token as a secret. */
export async function openTelegram(ctx: DeliverContext<TelegramOptions>): Promise<TelegramSession> {
  const { options, name } = ctx.channel;
  const token = options.token ?? '';
  registerSecret(token);
  const telegraf = await loadTelegraf();
  const apiRoot = normaliseApiRoot(options.api_root);
  const client = new telegraf.Telegram(token, { apiRoot, webhookReply: false });
  return {
    client,
    telegraf,
    errors: { channel: name, chat: options.chat, token, host: new URL(apiRoot).host, tokenVariable: ctx.channel.variables?.token, signal: ctx.signal },
  };
}

/** Bot API methods this channel calls. */
type Method = 'sendMessage' | 'sendPhoto' | 'editMessageText' | 'editMessageCaption' | 'deleteMessage' | 'getMe' | 'getChat' | 'getChatMember';

/** What a method resolves to. */
type Result<M extends Method> = ReturnType<TelegramApi[M]>;

/**
 * One Bot API request under `ctx.attempt`: retried only when the mapped ChannelError is
 * retryable (429 honouring retry_after, 5xx, network). With `notModifiedOk`, Telegram's
 * "message is not modified" resolves to `'not_modified'` instead of failing.
 */
export function callTelegram<M extends Method>(
  session: TelegramSession,
  ctx: DeliverContext<TelegramOptions>,
  method: M,
  payload: () => Opts<M>,
  opts: { notModifiedOk?: boolean } = {},
): Promise<Result<M> | 'not_modified'> {
  // The signal aborts at the channel's timeout for this request (a plain timer: see
  // src/http/deadline.ts) or when the channel's time is spent. A send that gets no answer
  // may have posted: `creates` makes that outcome_unknown, never tried again.
  const creates = method.startsWith('send');
  return ctx.attempt(method, async (signal) => {
    try {
      // The payload is built per attempt: an uploaded file is a stream, read once.
      const result = await session.client.callApi(method, payload(), { signal: signal as never });
      return result as Result<M>;
    } catch (error) {
      if (opts.notModifiedOk && isNotModified(error)) return 'not_modified' as const;
      throw ambiguousIfSending(method, telegramChannelError(error, session.errors), ctx);
    }
  }, { creates });
}

/**
 * The Bot API has no idempotency key: when a send got no answer (timeout, a connection cut
 * after the request went out), the message may exist. Trying again could post it twice, so
 * such a failure is not retried and the ledger keeps the post "in flight" (outcome unknown).
 */
function ambiguousIfSending(method: string, error: ChannelError, ctx: DeliverContext<TelegramOptions>): ChannelError {
  if (!method.startsWith('send')) return error;
  const reached = error.code === 'timeout' || (error.code === 'network' && !/refused|not found/.test(error.message));
  if (!reached) return error;
  return new ChannelError(
    error.channel,
    'outcome_unknown',
    `${error.message}; it may have gone out`,
    { cause: error.cause },
  );
}
