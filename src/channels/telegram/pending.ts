/**
 * Before an article became one message, a post with a photo was two requests: the photo,
 * then the text. When the text failed after the photo went out, the photo's id was kept in
 * the ledger database (the channel's token store); a rerun makes that photo the post instead
 * of sending a second one, and clears the record.
 */
import type { DeliverContext } from '../types.js';
import type { TelegramOptions } from './options.js';

/** A photo a run sent without the text that should follow it. */
export interface PendingPhoto {
  photo_message_id: number;
  chat_id: number;
}

function key(ctx: DeliverContext<TelegramOptions>): string {
  return `pending-photo:${ctx.article.id}`;
}

/** Clears the record once the post is complete (the store has no delete: empty means none). */
export function forgetPendingPhoto(ctx: DeliverContext<TelegramOptions>): Promise<void> {
  return ctx.tokens.set(key(ctx), '');
}

/** The photo a failed run left without its text, if any. */
export async function pendingPhoto(ctx: DeliverContext<TelegramOptions>): Promise<PendingPhoto | undefined> {
  const saved = await ctx.tokens.get(key(ctx));
  if (!saved) return undefined;
  try {
    const parsed = JSON.parse(saved) as Partial<Record<keyof PendingPhoto, unknown>>;
    if (typeof parsed.photo_message_id === 'number' && typeof parsed.chat_id === 'number') {
      return { photo_message_id: parsed.photo_message_id, chat_id: parsed.chat_id };
    }
  } catch {
    // Unreadable: send the whole post again rather than guess.
  }
  return undefined;
}
