import type { StageRenderer } from '../types.js';
import { genericStage, webhookStage } from './other.js';
import { telegramStage } from './telegram.js';
import { tiktokStage } from './tiktok.js';
import { staticStage, wordpressStage } from './website.js';
import { youtubeStage } from './youtube.js';

/** How each channel type's post looks to its audience; unknown types show their payload. */
const stages: Record<string, StageRenderer> = {
  telegram: telegramStage,
  youtube: youtubeStage,
  tiktok: tiktokStage,
  wordpress: wordpressStage,
  static: staticStage,
  webhook: webhookStage,
};

/** The mock-up renderer for a channel type. */
export function stageFor(type: string): StageRenderer {
  return stages[type] ?? genericStage;
}

/** The platform's name as people say it. */
export function platformName(type: string): string {
  const names: Record<string, string> = {
    telegram: 'Telegram', youtube: 'YouTube', tiktok: 'TikTok', wordpress: 'WordPress', static: 'Static site', webhook: 'Webhook',
  };
  return names[type] ?? type;
}
