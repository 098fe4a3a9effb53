/** The environment a channels.yaml naming the standard secret variables needs to reach the platform fakes. */
import type { TelegramFake } from '../fakes/telegram.js';
import type { YouTubeFake } from '../fakes/youtube.js';

export interface PlatformSecrets {
  telegram: TelegramFake;
  youtube: YouTubeFake;
  tiktok: { clientSecret: string; refreshToken: string };
  wordpressPassword: string;
}

/** TELEGRAM_BOT_TOKEN, YOUTUBE_*, TIKTOK_*, WP_APP_PASSWORD for the given fakes. */
export function platformEnv(s: PlatformSecrets): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: s.telegram.token,
    YOUTUBE_CLIENT_ID: s.youtube.clientId,
    YOUTUBE_CLIENT_SECRET: s.youtube.clientSecret,
    YOUTUBE_REFRESH_TOKEN: s.youtube.refreshToken,
    TIKTOK_CLIENT_SECRET: s.tiktok.clientSecret,
    TIKTOK_REFRESH_TOKEN: s.tiktok.refreshToken,
    WP_APP_PASSWORD: s.wordpressPassword,
  };
}
