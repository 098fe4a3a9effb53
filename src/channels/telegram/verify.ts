/**
 * `publish check --online` for Telegram: the token works (getMe), the chat exists
 * (getChat) and the bot may post there (getChatMember).
 */
import { ChannelError } from '../../errors.js';
import type { DeliverContext, VerifyResult } from '../types.js';
import type { TelegramOptions } from './options.js';
import { callTelegram, openTelegram } from './client.js';

type Member = { status: string; can_post_messages?: boolean };

/** Checks the bot, the chat and the bot's right to post; never throws a ChannelError. */
export async function verifyTelegram(ctx: DeliverContext<TelegramOptions>): Promise<VerifyResult> {
  const { chat } = ctx.channel.options;
  try {
    const session = await openTelegram(ctx);
    const me = (await callTelegram(session, ctx, 'getMe', () => ({}) as never)) as { id: number; username?: string };
    const bot = me.username ? `@${me.username}` : `bot ${me.id}`;
    const info = (await callTelegram(session, ctx, 'getChat', () => ({ chat_id: chat }))) as { type?: string; title?: string };
    const member = (await callTelegram(session, ctx, 'getChatMember', () => ({ chat_id: chat, user_id: me.id }))) as Member;
    const where = info.title ? `${chat} (${info.title})` : chat;
    return memberVerdict(member, info.type ?? 'channel', bot, where, chat);
  } catch (error) {
    if (error instanceof ChannelError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Whether a member of this status may post in a chat of this type. */
function memberVerdict(member: Member, chatType: string, bot: string, where: string, chat: string): VerifyResult {
  if (member.status === 'creator') return { ok: true, message: `${bot} owns ${where} and can post` };
  if (member.status === 'administrator') {
    // In groups every admin may post; in channels only with the "Post messages" right.
    if (chatType !== 'channel' || member.can_post_messages) return { ok: true, message: `${bot} can post to ${where}` };
    return { ok: false, message: `${bot} is an admin of ${chat} without the Post messages right: give it that right` };
  }
  if (chatType !== 'channel' && member.status === 'member') return { ok: true, message: `${bot} can post to ${where}` };
  return { ok: false, message: `the bot is not an admin of ${chat}: add it with the Post messages right` };
}
