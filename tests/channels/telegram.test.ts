import { describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { testChannel } from './contract.js';

const CHAT = '@babel_test';

/** Posts in the fake: a text message right after a photo is the second half of a split post. */
function postCount(fake: TelegramFake): number {
  const messages = fake.messages(CHAT);
  return messages.filter((m, i) => m.has_photo || !messages[i - 1]?.has_photo).length;
}

testChannel<TelegramFake>({
  type: 'telegram',
  async start() {
    const fake = await startTelegramFake();
    return {
      fake,
      options: { token: '${TELEGRAM_BOT_TOKEN}', chat: CHAT, api_root: fake.url },
      env: { TELEGRAM_BOT_TOKEN: fake.token },
      close: fake.close,
    };
  },
  posts: postCount,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    if (fault === 'unauthorized') fake.failNext('*', { status: 401 });
    if (fault === 'rate_limited') fake.failNext('*', { status: 429, retryAfter: 1 });
    if (fault === 'server_error') fake.failNext('*', { status: 500 });
  },
  remote: /^https:\/\/t\.me\/babel_test\/\d+$/,
  secrets: (setup) => [setup.fake.token],
});
