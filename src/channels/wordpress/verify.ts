/**
 * `publish check --online` for WordPress: the application password signs in
 * (`GET /wp/v2/users/me?context=edit`), the user may publish when the channel publishes,
 * and the configured categories exist.
 */
import { ChannelError } from '../../errors.js';
import type { DeliverContext, VerifyResult } from '../types.js';
import type { WordPressOptions } from './options.js';
import { openWordPress } from './client.js';
import { categoryIds } from './terms.js';

interface Me {
  id: number;
  name?: string;
  username?: string;
  capabilities?: Record<string, boolean>;
}

/** Asks the site who the credentials belong to and what they may do. */
export async function verifyWordPress(ctx: DeliverContext<WordPressOptions>): Promise<VerifyResult> {
  const { options } = ctx.channel;
  try {
    const session = await openWordPress(ctx);
    const me = (await session.call<Me>('check the application password', { route: '/wp/v2/users/me', query: { context: 'edit' } })).data;
    const who = me.name && me.name !== session.user ? `${me.name} (${session.user})` : session.user;
    const mayPublish = me.capabilities?.publish_posts === true;
    if (!mayPublish && (options.status === 'publish' || options.status === 'private')) {
      return { ok: false, message: `signed in as ${who}, but user ${session.user} may not publish: use status: pending or a different user` };
    }
    if (options.categories.length > 0) await categoryIds(session, options.categories, options.url);
    return { ok: true, message: `signed in to ${session.root} as ${who}; ${mayPublish ? 'may publish' : 'may submit posts for review'}` };
  } catch (error) {
    if (error instanceof ChannelError && !error.retryable) return { ok: false, message: error.message };
    throw error;
  }
}
