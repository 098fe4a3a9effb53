import { z } from '../zod.js';
import { kindOf } from './check.js';
import { parseDuration } from './duration.js';

/** A duration written as `90s`, `15m`, `2h`, `1d`, `1h30m` or `500ms`, parsed to ms. */
export const duration = z.unknown().transform((value, ctx) => {
  if (typeof value !== 'string' && typeof value !== 'number') {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as \`90s\` or \`15m\`, got ${kindOf(value)}` });
    return z.NEVER;
  }
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'not a duration; write a number with a unit: `500ms`, `90s`, `15m`, `2h`, `1d` or `1h30m`',
    });
    return z.NEVER;
  }
  return ms;
});

/** `languages: [en, uk]`; `languages: en` is read as `[en]`. */
export const languagesSchema = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().min(1)));

/** The top level of channels.yaml; `channels` is checked channel by channel by the loader. */
export const topLevelSchema = z.object({
  timezone: z.string().min(1).optional(),
  language: z.string().min(1).optional(),
  state: z.string().min(1).optional(),
  /** A folder (relative to channels.yaml) whose files any article may name as `image:`/`video:`. */
  media_root: z.string().min(1).optional(),
  article: z
    .object({
      strip: z.array(z.string()).optional(),
      keep: z.array(z.string()).optional(),
      // `off` and `on` read as text in YAML 1.2; true and false are accepted too.
      clean: z
        .union([z.boolean(), z.enum(['on', 'off'])], { error: 'expected `on` or `off`' })
        .optional(),
    })
    .optional(),
  channels: z.unknown(),
});

/** Keys every channel may have, whatever its type (`type` itself is checked by the loader). */
export const commonChannelSchema = z.object({
  enabled: z.boolean().optional(),
  // `languages: en` is read as `[en]`.
  languages: languagesSchema.optional(),
  delay: duration.optional(),
  template: z.string().optional(),
  hashtags: z.int().min(0).optional(),
  retry: z
    .object({
      attempts: z.int().min(1).optional(),
      base_delay: duration.optional(),
      max_delay: duration.optional(),
      budget: duration.optional(),
    })
    .optional(),
  timeout: duration.optional(),
  // Posts a minute at most (0: no pacing); the default is the platform's documented cap.
  per_minute: z.int().min(0).optional(),
});

/** Every common key, `type` included: these never reach a type's own schema. */
export const COMMON_CHANNEL_KEYS: readonly string[] = ['type', ...Object.keys(commonChannelSchema.shape)];

/** Defaults of the common keys (docs/ARCHITECTURE.md, "Retries"). */
export const CHANNEL_DEFAULTS = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  budgetMs: 120_000,
  timeoutMs: 30_000,
} as const;
