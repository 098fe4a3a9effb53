/**
 * TikTok's refusals as editor-readable ChannelErrors. Success is only `error.code === "ok"`;
 * the HTTP status merely decides retrying for codes we do not know.
 */
import { ChannelError, platformCode, type ChannelErrorCode } from '../../errors.js';
import { isRetryableStatus, statusCode } from '../../http/policy.js';

/** Where the new refresh token goes: the variable `refresh_token` is written as, else the key. */
function setRefreshToken(refreshVariable: string | undefined): string {
  return `set ${refreshVariable ?? "the channel's `refresh_token`"}`;
}

/** Said whenever a new authorisation is the fix. */
export function reauthorise(refreshVariable: string | undefined): string {
  return `authorise again and ${setRefreshToken(refreshVariable)}`;
}

/** One line, short: TikTok's own words may be long or span lines. */
function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Maps an envelope refusal (`error.code` other than "ok") from an API route.
 * `what` names the request ("video init"); `status` is the HTTP status it came with.
 */
export function tiktokApiError(
  channel: string,
  code: string,
  message: string,
  status: number,
  what: string,
  retryAfter?: number,
  refreshVariable?: string,
): ChannelError {
  const tiktokSays = message ? ` (TikTok: ${oneLine(message)})` : '';
  const make = (c: ChannelErrorCode, text: string, retryable = false): ChannelError =>
    new ChannelError(channel, c, text, { retryable, status, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  switch (code) {
    case 'rate_limit_exceeded':
      return make('rate_limited', `TikTok ${what}: too many requests for now (rate_limit_exceeded)`, true);
    case 'internal_error':
      return make('server_error', `TikTok ${what}: TikTok had an internal error${tiktokSays}`, true);
    case 'access_token_invalid':
      return make('access_token_invalid', `TikTok ${what}: the access token is invalid or expired: ${reauthorise(refreshVariable)}`);
    case 'scope_not_authorized':
      return make('scope_not_authorized', `TikTok ${what}: the app may not post for this account: authorise the app with the video.publish scope and ${setRefreshToken(refreshVariable)}`);
    case 'spam_risk_too_many_posts':
      return make(platformCode(code), 'TikTok refused: too many posts today from this account; try again tomorrow');
    case 'spam_risk_user_banned_from_posting':
      return make(platformCode(code), 'TikTok refused: this account is banned from posting; see the TikTok app for details');
    case 'reached_active_user_cap':
      return make(platformCode(code), "TikTok refused: the app reached its daily limit of active users; try again tomorrow");
    case 'unaudited_client_can_only_post_to_private_accounts':
      return make(platformCode(code), 'this TikTok app is not audited yet: set privacy_level: SELF_ONLY or get the app audited');
    case 'privacy_level_option_mismatch':
      return make(platformCode(code), `TikTok refused the privacy level: set privacy_level to one the account offers (publish check --online lists them)${tiktokSays}`);
    case 'url_ownership_unverified':
      return make(platformCode(code), `TikTok ${what}: the video URL's domain is not verified for this app${tiktokSays}`);
    case 'invalid_param':
      return make('invalid_param', `TikTok ${what}: refused as invalid${tiktokSays}`, isRetryableStatus(status));
    default:
      return make(
        isRetryableStatus(status) || !code ? statusCode(status) : platformCode(code),
        `TikTok ${what}: refused with ${code || `HTTP ${status}`}${tiktokSays}`,
        isRetryableStatus(status),
      );
  }
}

/** What a FAILED publish's `fail_reason` means for the editor, and whether posting again may help. */
export function failReasonError(channel: string, reason: string, maxDurationSec?: number, refreshVariable?: string): ChannelError {
  const make = (text: string, retryable = false): ChannelError =>
    new ChannelError(channel, `publish_failed_${(reason || 'unknown').slice(0, 49)}`, text, { retryable });
  switch (reason) {
    case 'file_format_check_failed':
      return make('TikTok could not read the video file: export it as MP4 (H.264/AAC)');
    case 'duration_check_failed':
      return make(`TikTok refused the clip's length${maxDurationSec ? ` (this account may post at most ${maxDurationSec} s)` : ''}: trim it and publish again`);
    case 'frame_rate_check_failed':
      return make('TikTok refused the frame rate: export the clip at 23–60 frames per second');
    case 'picture_size_check_failed':
      return make('TikTok refused the picture size: export the clip at least 360 pixels on each side (720p or 1080p works)');
    case 'spam_risk_text':
      return make('TikTok flagged the caption as spam: reword the title or lead and publish again');
    case 'spam_risk_too_many_posts':
      return make('TikTok refused: too many posts today from this account; try again tomorrow');
    case 'spam_risk_user_banned_from_posting':
      return make('TikTok refused: this account is banned from posting; see the TikTok app for details');
    case 'auth_removed':
      return make(`the TikTok account removed this app's access: ${reauthorise(refreshVariable)}`);
    case 'internal':
      return make('TikTok failed while processing the clip (internal): publish again', true);
    default:
      return make(`TikTok could not publish the clip (${reason || 'no reason given'})`);
  }
}
