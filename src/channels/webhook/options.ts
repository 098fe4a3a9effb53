/** What a `type: webhook` channel takes and sends. */
import { webUrl, z } from '../../zod.js';

/** Options of a `type: webhook` channel (Slack, Discord, n8n, your own systems). */
export const webhookOptions = z.object({
  /** Where the JSON document is POSTed. */
  url: webUrl(),
  /** Secret: signs the body with HMAC-SHA256 in `X-Publish-Signature: sha256=<hex>`. */
  secret: z.string().optional(),
  /** Extra request headers (values may use `${VAR}`). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Most characters in `text`. @default 40000 */
  max_length: z.number().int().positive().default(40_000),
});
export type WebhookOptions = z.infer<typeof webhookOptions>;

/** The JSON document sent. */
export interface WebhookOutput {
  article: { id: string; title: string; lead: string; tags: string[]; language: string | null; url: string | null };
  /** The rendered plain text (title, lead, body, link, hashtags). */
  text: string;
  link: string | null;
  /** Set when the post is an edit of one sent before (`--update`). */
  update?: { id: string };
}
