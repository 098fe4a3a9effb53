/**
 * A split post is two requests: the photo, then the text. When the text fails after the
 * photo went out, the photo's id is kept in the ledger database (the channel's token store),
 * so a rerun completes the post instead of sending a second photo.
 */
import type { DeliverContext } from '../types.js';
import type { TelegramOptions } from '../telegram.js';

/** A photo a run sent without the text that should follow it. */
export interface PendingPhoto {
  photo_message_id: number;
  chat_id: number;
}

function key(ctx: DeliverContext<TelegramOptions>): string {
  return `pending-photo:${ctx.article.id}`;
}

/** Records that the article's photo is out but its text is not. */
export function rememberPendingPhoto(ctx: DeliverContext<TelegramOptions>, photo: PendingPhoto): Promise<void> {
  return ctx.tokens.set(key(ctx), JSON.stringify(photo));
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
