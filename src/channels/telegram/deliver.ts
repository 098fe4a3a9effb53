/**
 * Sending and editing a Telegram post. An article is one message (docs/ARCHITECTURE.md, "One post per
 * channel"): a text message, or a photo whose caption is the text. Posts made before that
 * rule may be two messages (`photo+text`: the photo with a short caption, then the text);
 * `--update` turns such a post into one message where Telegram allows it.
 */
import { basename } from 'node:path';
import type { Message, Opts } from 'telegraf/types';
import { MediaRefusal, mediaRoots, openMedia, type OpenMedia } from '../../article/media-file.js';
import { ChannelError } from '../../errors.js';
import { escapeHtml } from '../../text/escape.js';
import type { DeliverContext, Post, Receipt, Retraction } from '../types.js';
import type { TelegramOptions, TelegramOutput } from './options.js';
import { telegramLongText } from './render.js';
import { callTelegram, openTelegram, type TelegramSession } from './client.js';
import { forgetPendingPhoto, pendingPhoto, type PendingPhoto } from './pending.js';

/** What a Telegram receipt keeps in `extra`. */
export interface TelegramReceiptExtra {
  /** `photo+text` only for posts made before an article became one message. */
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

/** A receipt for the message `id` (its link from the chat's username when Telegram gave one). */
function receiptFor(chat: string, id: number, extra: TelegramReceiptExtra, username?: string, url?: string): Receipt {
  const link = url ?? telegramPostUrl(chat, id, username);
  return link === undefined ? { id: String(id), extra: { ...extra } } : { id: String(id), url: link, extra: { ...extra } };
}

function usernameOf(message: Message): string | undefined {
  return 'username' in message.chat ? message.chat.username : undefined;
}

/** Posts or edits the rendered post; throws ChannelError. */
export async function deliverTelegram(post: Post<TelegramOutput>, ctx: DeliverContext<TelegramOptions>): Promise<Receipt> {
  const session = await openTelegram(ctx);
  if (ctx.mode === 'update' && ctx.previous) return editPost(session, post.output, ctx, ctx.previous);
  return sendPost(session, post.output, ctx);
}

async function sendPost(session: TelegramSession, output: TelegramOutput, ctx: DeliverContext<TelegramOptions>): Promise<Receipt> {
  const { chat, silent } = ctx.channel.options;
  if (output.photo === undefined) {
    const preview = linkPreview(ctx);
    const sent = (await callTelegram(session, ctx, 'sendMessage', () => ({
      chat_id: chat,
      text: output.text,
      parse_mode: 'HTML',
      ...(preview ? { link_preview_options: preview } : {}),
      ...(silent ? { disable_notification: true } : {}),
    }))) as Message.TextMessage;
    return receiptFor(chat, sent.message_id, { kind: 'text', chat_id: sent.chat.id, text_message_id: sent.message_id }, usernameOf(sent));
  }
  const pending = await pendingPhoto(ctx);
  if (pending) {
    try {
      return await adoptPendingPhoto(session, output, ctx, pending);
    } catch (error) {
      // Someone deleted that photo meanwhile: send the post anew.
      if (!(error instanceof ChannelError && error.code === 'not_found')) throw error;
      await forgetPendingPhoto(ctx);
    }
  }
  const photo = (await callTelegram(session, ctx, 'sendPhoto', () => ({
    chat_id: chat,
    photo: photoInput(session, ctx),
    caption: output.text,
    parse_mode: 'HTML',
    ...(silent ? { disable_notification: true } : {}),
  }))) as Message.PhotoMessage;
  return receiptFor(chat, photo.message_id, { kind: 'photo', chat_id: photo.chat.id, photo_message_id: photo.message_id }, usernameOf(photo));
}

/**
 * A photo that an older version sent as the first half of a two-message post, whose text
 * never followed: it becomes the post, its caption set to the text (no second photo).
 */
async function adoptPendingPhoto(
  session: TelegramSession,
  output: TelegramOutput,
  ctx: DeliverContext<TelegramOptions>,
  pending: PendingPhoto,
): Promise<Receipt> {
  await editCaption(session, pending.chat_id, pending.photo_message_id, output.text, ctx);
  await forgetPendingPhoto(ctx);
  return receiptFor(ctx.channel.options.chat, pending.photo_message_id, { kind: 'photo', chat_id: pending.chat_id, photo_message_id: pending.photo_message_id });
}

/** The earlier receipt's ids; receipts without `extra` are taken as the current shape. */
function previousParts(previous: Receipt, output: TelegramOutput): TelegramReceiptExtra {
  const extra = (previous.extra ?? {}) as Partial<TelegramReceiptExtra>;
  const id = Number(previous.id);
  const kind = extra.kind ?? (output.photo === undefined ? 'text' : 'photo');
  return {
    kind,
    ...(extra.chat_id !== undefined ? { chat_id: extra.chat_id } : {}),
    ...(kind === 'text' ? { text_message_id: extra.text_message_id ?? id } : { photo_message_id: extra.photo_message_id ?? id }),
    ...(kind === 'photo+text' && extra.text_message_id !== undefined ? { text_message_id: extra.text_message_id } : {}),
  };
}

/** True when Telegram already showed exactly this ("message is not modified"). */
type Unchanged = boolean;

async function editText(session: TelegramSession, chatId: string | number, messageId: number, text: string, ctx: DeliverContext<TelegramOptions>): Promise<Unchanged> {
  const preview = linkPreview(ctx);
  const result = await callTelegram(
    session,
    ctx,
    'editMessageText',
    () => ({ chat_id: chatId, message_id: messageId, text, parse_mode: 'HTML', ...(preview ? { link_preview_options: preview } : {}) }),
    { notModifiedOk: true },
  );
  return result === 'not_modified';
}

async function editCaption(session: TelegramSession, chatId: string | number, messageId: number, caption: string, ctx: DeliverContext<TelegramOptions>): Promise<Unchanged> {
  const result = await callTelegram(
    session,
    ctx,
    'editMessageCaption',
    () => ({ chat_id: chatId, message_id: messageId, caption, parse_mode: 'HTML' }),
    { notModifiedOk: true },
  );
  return result === 'not_modified';
}

/**
 * Deletes a message: true when it is gone (also when it was already), false when Telegram
 * refuses because it is too old (a bot may delete only messages of the last 48 hours).
 */
async function deleteMessage(session: TelegramSession, chatId: string | number, messageId: number, ctx: DeliverContext<TelegramOptions>): Promise<boolean> {
  try {
    await callTelegram(session, ctx, 'deleteMessage', () => ({ chat_id: chatId, message_id: messageId }));
    return true;
  } catch (error) {
    if (error instanceof ChannelError && error.code === 'not_found') return true;
    if (error instanceof ChannelError && error.code === 'cannot_delete') return false;
    throw error;
  }
}

/**
 * `--update`: edits the one message in place (editMessageCaption for a photo post,
 * editMessageText for a text post). A photo cannot be added to or taken from a post by an
 * edit; that needs `--force`. When Telegram answers "message is not modified" to every
 * edit, the receipt says `unchanged`. A two-message post of an older version gets its
 * caption set to the whole post and its text message deleted; when Telegram no longer
 * allows the deletion (after 48 hours), that message is kept and edited to the long text.
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
  const done = (main: number, extra: TelegramReceiptExtra, unchanged: boolean): Receipt => {
    const receipt = receiptFor(chat, main, extra, undefined, previous.url);
    return unchanged ? { ...receipt, unchanged: true } : receipt;
  };

  if (parts.kind === 'text') {
    const id = parts.text_message_id!;
    return done(id, parts, await editText(session, chatId, id, output.text, ctx));
  }
  const photoId = parts.photo_message_id!;
  const captionUnchanged = await editCaption(session, chatId, photoId, output.text, ctx);
  const onePost: TelegramReceiptExtra = { kind: 'photo', ...(parts.chat_id !== undefined ? { chat_id: parts.chat_id } : {}), photo_message_id: photoId };
  if (parts.kind === 'photo' || parts.text_message_id === undefined) return done(photoId, onePost, captionUnchanged);
  // An older two-message post: the caption now carries the post; the text would repeat it.
  if (await deleteMessage(session, chatId, parts.text_message_id, ctx)) return done(photoId, onePost, false);
  const textUnchanged = await editText(session, chatId, parts.text_message_id, telegramLongText(ctx.article, ctx.channel, ctx.link), ctx);
  return done(photoId, parts, captionUnchanged && textUnchanged);
}

/** The messages a receipt names: the photo (with its caption) and/or the text. */
function messagesOf(receipt: Receipt): { chatId: string | number | undefined; photo: number | undefined; text: number | undefined } {
  const extra = (receipt.extra ?? {}) as Partial<TelegramReceiptExtra>;
  const id = Number(receipt.id);
  const kind = extra.kind ?? 'text';
  return {
    chatId: extra.chat_id,
    photo: kind === 'text' ? undefined : (extra.photo_message_id ?? id),
    text: kind === 'photo' ? undefined : (extra.text_message_id ?? (kind === 'text' ? id : undefined)),
  };
}

/**
 * `publish retract`: deletes every message of the post. A message Telegram no longer lets the
 * bot delete (older than 48 hours) is edited to the channel's `retract_text` instead, and the
 * result says so; a photo cannot be taken off by an edit, so that one is left to a person.
 * Safe to repeat: a message already gone, or already showing the text, counts as done.
 */
export async function retractTelegram(ctx: DeliverContext<TelegramOptions>): Promise<Retraction> {
  const previous = ctx.previous;
  if (!previous) throw new ChannelError(ctx.channel.name, 'bad_receipt', 'the ledger holds no Telegram message for this article');
  const session = await openTelegram(ctx);
  const { chat, retract_text: text } = ctx.channel.options;
  const parts = messagesOf(previous);
  const chatId = parts.chatId ?? chat;
  const withdrawn = escapeHtml(text);
  const said: string[] = [];
  let manual = false;
  for (const [id, isPhoto] of [[parts.photo, true], [parts.text, false]] as const) {
    if (id === undefined) continue;
    if (await deleteMessage(session, chatId, id, ctx)) {
      said.push(`deleted message ${id}`);
      continue;
    }
    // Telegram refuses: older than 48 hours. Editing a channel post has no time limit.
    if (isPhoto) {
      await editCaption(session, chatId, id, withdrawn, ctx);
      manual = true;
      said.push(`message ${id} is older than 48 hours, so Telegram will not let the bot delete it: its caption now reads "${text}", but its photo stays: delete it by hand in ${chat}${previous.url ? ` (${previous.url})` : ''}`);
    } else {
      await editText(session, chatId, id, withdrawn, ctx);
      said.push(`message ${id} is older than 48 hours, so Telegram will not let the bot delete it: it now reads "${text}"`);
    }
  }
  return { outcome: manual ? 'manual' : 'retracted', detail: said.join('; ') || 'no message to delete' };
}

// The names every channel's deliver.ts exports for the lazy loader (src/channels/lazy.ts).
export { deliverTelegram as deliver, retractTelegram as retract };
export { verifyTelegram as verify } from './verify.js';
export { loadTelegraf as loadClient } from './client.js';
