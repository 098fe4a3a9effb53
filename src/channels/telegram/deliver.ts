/**
 * Sending and editing a Telegram post. A post has one of three shapes:
 * `text` (one message), `photo` (one photo whose caption is the text) or
 * `photo+text` (the photo with a short caption, then the full text as a message).
 * The receipt keeps both message ids so `--update` can edit each part.
 */
import { basename } from 'node:path';
import type { Message, Opts } from 'telegraf/types';
import { MediaRefusal, mediaRoots, openMedia, type OpenMedia } from '../../article/media-file.js';
import { ChannelError } from '../../errors.js';
import type { DeliverContext, Post, Receipt } from '../types.js';
import type { TelegramOptions, TelegramOutput } from '../telegram.js';
import { callTelegram, openTelegram, type TelegramSession } from './client.js';
import { forgetPendingPhoto, pendingPhoto, rememberPendingPhoto, type PendingPhoto } from './pending.js';

/** What a Telegram receipt keeps in `extra`. */
export interface TelegramReceiptExtra {
  kind: 'text' | 'photo' | 'photo+text';
  /** The numeric chat id Telegram answered with (edits go there even if `chat` is renamed). */
  chat_id?: number;
  photo_message_id?: number;
  text_message_id?: number;
}

/** The post's public link: `t.me/<name>/<id>`, or `t.me/c/<id>/<msg>` for a private channel. */
export function telegramPostUrl(chat: string, messageId: number, username?: string): string | undefined {
  const name = username ?? (chat.startsWith('@') ? chat.slice(1) : undefined);
  if (name) return `https://t.me/${name}/${messageId}`;
  const id = /^-100(\d+)$/.exec(chat)?.[1];
  return id === undefined ? undefined : `https://t.me/c/${id}/${messageId}`;
}

/** The `link_preview_options` the channel asks for (undefined: Telegram's default). */
function linkPreview(ctx: DeliverContext<TelegramOptions>): Opts<'sendMessage'>['link_preview_options'] {
  if (!ctx.channel.options.link_preview) return { is_disabled: true };
  return ctx.link ? { url: ctx.link } : undefined;
}

/**
 * The photo as telegraf takes it: a local file is checked and streamed from the descriptor that
 * was checked (article/media-file.ts), once per attempt; a URL is left to Telegram.
 */
function photoInput(session: TelegramSession, ctx: DeliverContext<TelegramOptions>): Opts<'sendPhoto'>['photo'] {
  const image = ctx.article.image;
  if (image?.path) {
    let media: OpenMedia;
    try {
      media = openMedia(image, 'image', mediaRoots(ctx.article.dir, ctx.config.mediaRoot));
    } catch (error) {
      if (!(error instanceof MediaRefusal)) throw error;
      throw new ChannelError(ctx.channel.name, error.code === 'missing' ? 'missing_media' : 'bad_photo', `${ctx.article.source}: image: ${error.message}`);
    }
    const name = basename(image.path).replace(/[^A-Za-z0-9._-]+/g, '-');
    return session.telegraf.Input.fromReadableStream(media.streamOnce(), name);
  }
  if (image?.url) return image.url;
  throw new ChannelError(ctx.channel.name, 'bad_photo', `the article image ${image?.ref ?? ''} is neither a local file nor an https URL`);
}

function receipt(chat: string, main: Message, extra: TelegramReceiptExtra): Receipt {
  const username = 'username' in main.chat ? main.chat.username : undefined;
  const url = telegramPostUrl(chat, main.message_id, username);
  const id = String(main.message_id);
  return url === undefined ? { id, extra: { ...extra } } : { id, url, extra: { ...extra } };
}

/** Posts or edits the rendered post; throws ChannelError. */
export async function deliverTelegram(post: Post<TelegramOutput>, ctx: DeliverContext<TelegramOptions>): Promise<Receipt> {
  const session = await openTelegram(ctx);
  if (ctx.mode === 'update' && ctx.previous) return editPost(session, post.output, ctx, ctx.previous);
  return sendPost(session, post.output, ctx);
}

async function sendText(session: TelegramSession, text: string, ctx: DeliverContext<TelegramOptions>): Promise<Message.TextMessage> {
  const { chat, silent } = ctx.channel.options;
  const preview = linkPreview(ctx);
  return (await callTelegram(session, ctx, 'sendMessage', () => ({
    chat_id: chat,
    text,
    parse_mode: 'HTML',
    ...(preview ? { link_preview_options: preview } : {}),
    ...(silent ? { disable_notification: true } : {}),
  }))) as Message.TextMessage;
}

async function sendPost(session: TelegramSession, output: TelegramOutput, ctx: DeliverContext<TelegramOptions>): Promise<Receipt> {
  const { chat, silent } = ctx.channel.options;
  if (output.photo === undefined) {
    const sent = await sendText(session, output.text, ctx);
    return receipt(chat, sent, { kind: 'text', chat_id: sent.chat.id, text_message_id: sent.message_id });
  }
  const caption = output.caption ?? output.text;
  const pending = output.caption === undefined ? undefined : await pendingPhoto(ctx);
  if (pending) {
    try {
      return await finishPendingPhoto(session, output, ctx, pending);
    } catch (error) {
      // Someone deleted that photo meanwhile: send the whole post again.
      if (!(error instanceof ChannelError && error.code === 'not_found')) throw error;
      await forgetPendingPhoto(ctx);
    }
  }
  const photo = (await callTelegram(session, ctx, 'sendPhoto', () => ({
    chat_id: chat,
    photo: photoInput(session, ctx),
    caption,
    parse_mode: 'HTML',
    ...(silent ? { disable_notification: true } : {}),
  }))) as Message.PhotoMessage;
  if (output.caption === undefined) {
    return receipt(chat, photo, { kind: 'photo', chat_id: photo.chat.id, photo_message_id: photo.message_id });
  }
  let text: Message.TextMessage;
  try {
    text = await sendText(session, output.text, ctx);
  } catch (error) {
    // The photo is out: remember it, so a rerun sends only the text instead of a second photo.
    await rememberPendingPhoto(ctx, { photo_message_id: photo.message_id, chat_id: photo.chat.id });
    if (!(error instanceof ChannelError)) throw error;
    const link = telegramPostUrl(chat, photo.message_id);
    throw new ChannelError(error.channel, error.code, `${error.message} (the photo went out${link ? ` as ${link}` : ''}; a rerun sends only its text)`, {
      retryable: false,
      ...(error.status !== undefined ? { status: error.status } : {}),
      cause: error,
    });
  }
  await forgetPendingPhoto(ctx);
  return receipt(chat, photo, {
    kind: 'photo+text',
    chat_id: photo.chat.id,
    photo_message_id: photo.message_id,
    text_message_id: text.message_id,
  });
}

/** Completes a split post whose photo a failed run sent: the caption is brought up to date, the text sent. */
async function finishPendingPhoto(
  session: TelegramSession,
  output: TelegramOutput,
  ctx: DeliverContext<TelegramOptions>,
  pending: PendingPhoto,
): Promise<Receipt> {
  const { chat } = ctx.channel.options;
  await editCaption(session, pending.chat_id, pending.photo_message_id, output.caption ?? output.text, ctx);
  const text = await sendText(session, output.text, ctx);
  await forgetPendingPhoto(ctx);
  const username = 'username' in text.chat ? text.chat.username : undefined;
  const url = telegramPostUrl(chat, pending.photo_message_id, username);
  const extra: TelegramReceiptExtra = { kind: 'photo+text', chat_id: pending.chat_id, photo_message_id: pending.photo_message_id, text_message_id: text.message_id };
  return url === undefined ? { id: String(pending.photo_message_id), extra: { ...extra } } : { id: String(pending.photo_message_id), url, extra: { ...extra } };
}

/** The earlier receipt's ids; receipts without `extra` are taken as the current shape. */
function previousParts(previous: Receipt, output: TelegramOutput): TelegramReceiptExtra {
  const extra = (previous.extra ?? {}) as Partial<TelegramReceiptExtra>;
  const id = Number(previous.id);
  const kind = extra.kind ?? (output.photo === undefined ? 'text' : output.caption === undefined ? 'photo' : 'photo+text');
  return {
    kind,
    ...(extra.chat_id !== undefined ? { chat_id: extra.chat_id } : {}),
    ...(kind === 'text' ? { text_message_id: extra.text_message_id ?? id } : { photo_message_id: extra.photo_message_id ?? id }),
    ...(kind === 'photo+text' && extra.text_message_id !== undefined ? { text_message_id: extra.text_message_id } : {}),
  };
}

async function editText(session: TelegramSession, chatId: string | number, messageId: number, text: string, ctx: DeliverContext<TelegramOptions>): Promise<void> {
  const preview = linkPreview(ctx);
  await callTelegram(
    session,
    ctx,
    'editMessageText',
    () => ({ chat_id: chatId, message_id: messageId, text, parse_mode: 'HTML', ...(preview ? { link_preview_options: preview } : {}) }),
    { notModifiedOk: true },
  );
}

async function editCaption(session: TelegramSession, chatId: string | number, messageId: number, caption: string, ctx: DeliverContext<TelegramOptions>): Promise<void> {
  await callTelegram(
    session,
    ctx,
    'editMessageCaption',
    () => ({ chat_id: chatId, message_id: messageId, caption, parse_mode: 'HTML' }),
    { notModifiedOk: true },
  );
}

/** Deletes a message; one already gone counts as deleted. */
async function deleteMessage(session: TelegramSession, chatId: string | number, messageId: number, ctx: DeliverContext<TelegramOptions>): Promise<void> {
  try {
    await callTelegram(session, ctx, 'deleteMessage', () => ({ chat_id: chatId, message_id: messageId }));
  } catch (error) {
    if (!(error instanceof ChannelError && error.code === 'not_found')) throw error;
  }
}

/**
 * `--update`: edits each part in place (editMessageCaption for the photo, editMessageText for
 * text). A photo cannot be added to or taken from a text post; that needs `--force`.
 */
async function editPost(session: TelegramSession, output: TelegramOutput, ctx: DeliverContext<TelegramOptions>, previous: Receipt): Promise<Receipt> {
  const { chat } = ctx.channel.options;
  const parts = previousParts(previous, output);
  const chatId = parts.chat_id ?? chat;
  const hasPhoto = output.photo !== undefined;
  if (hasPhoto !== (parts.kind !== 'text')) {
    throw new ChannelError(
      ctx.channel.name,
      'cannot_edit',
      hasPhoto
        ? 'the post was sent without a photo and a photo cannot be added by an edit: send it anew with --force'
        : 'the post was sent with a photo and the photo cannot be removed by an edit: send it anew with --force',
    );
  }
  const url = (id: number) => telegramPostUrl(chat, id);
  const done = (main: number, extra: TelegramReceiptExtra): Receipt => {
    const link = previous.url ?? url(main);
    return link === undefined ? { id: String(main), extra: { ...extra } } : { id: String(main), url: link, extra: { ...extra } };
  };

  if (parts.kind === 'text') {
    const id = parts.text_message_id!;
    await editText(session, chatId, id, output.text, ctx);
    return done(id, parts);
  }
  const photoId = parts.photo_message_id!;
  if (output.caption === undefined) {
    // The whole text fits the caption now: the separate text message would repeat it.
    await editCaption(session, chatId, photoId, output.text, ctx);
    if (parts.text_message_id !== undefined) await deleteMessage(session, chatId, parts.text_message_id, ctx);
    return done(photoId, { kind: 'photo', ...(parts.chat_id !== undefined ? { chat_id: parts.chat_id } : {}), photo_message_id: photoId });
  }
  await editCaption(session, chatId, photoId, output.caption, ctx);
  if (parts.text_message_id !== undefined) {
    await editText(session, chatId, parts.text_message_id, output.text, ctx);
    return done(photoId, parts);
  }
  // The text outgrew the caption: the short caption is set, the full text follows as a new message.
  const sent = await sendText(session, output.text, ctx);
  return done(photoId, { ...parts, kind: 'photo+text', text_message_id: sent.message_id });
}
