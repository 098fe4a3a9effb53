import { webUrl, z } from '../zod.js';
import { hmacSha256Hex } from '../hash.js';
import type { Article } from '../article/types.js';
import { httpStatusError, networkError, retryAfterSeconds } from '../http/policy.js';
import { loadGot } from '../http/lazy-got.js';
import { utf16Length } from '../text/measure.js';
import { layoutText, layoutValues, sections, type LayoutValues } from './layout.js';
import { textMarkupProblems } from './markup.js';
import type { ChannelType, DeliverContext, Post, Problem, Receipt, RenderContext } from './types.js';

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

const layout = (v: LayoutValues): string => sections(v.title, v.lead, v.body, v.url, v.hashtags);

function render(article: Article, ctx: RenderContext<WebhookOptions>): Post<WebhookOutput> {
  const values = layoutValues(article, ctx.channel, ctx.link, 8);
  const { text } = layoutText(article, ctx.channel, values, {
    build: layout,
    escape: (s) => s,
    measure: utf16Length,
    limit: ctx.channel.options.max_length,
  });
  const output: WebhookOutput = {
    article: {
      id: article.id,
      title: article.title,
      lead: article.lead,
      tags: [...article.tags],
      language: article.language ?? null,
      url: ctx.link ?? null,
    },
    text,
    link: ctx.link ?? null,
  };
  return {
    channel: ctx.channel.name,
    type: 'webhook',
    output,
    measures: [{ field: 'text', used: utf16Length(text), limit: ctx.channel.options.max_length, unit: 'UTF-16 units' }],
    problems: textMarkupProblems(article, ctx.channel.name, 'in the webhook text', { body: true }),
  };
}

function check(post: Post<WebhookOutput>): Problem[] {
  const m = post.measures[0];
  if (m && m.used > m.limit) {
    return [{ severity: 'error', code: 'too_long', message: `the text is ${m.used} ${m.unit}, over max_length ${m.limit}` }];
  }
  return [];
}

/** `sha256=<hex>` of the exact body bytes, as receivers verify it. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${hmacSha256Hex(secret, body)}`;
}

async function deliver(post: Post<WebhookOutput>, ctx: DeliverContext<WebhookOptions>): Promise<Receipt> {
  const got = await loadGot();
  const { options, name } = ctx.channel;
  const doc: WebhookOutput = { ...post.output };
  if (ctx.mode === 'update' && ctx.previous) doc.update = { id: ctx.previous.id };
  const body = JSON.stringify(doc);
  const headers: Record<string, string> = {
    ...options.headers,
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'publish (newsroom syndication)',
    // Lets a receiver drop a repeat of the same delivery.
    'idempotency-key': `${ctx.article.id}:${name}:${ctx.mode}`,
  };
  if (options.secret) headers['x-publish-signature'] = webhookSignature(options.secret, body);

  const host = new URL(options.url).host;
  const response = await ctx.attempt('POST', async (signal) => {
    let r;
    try {
      r = await got.post(options.url, { body, headers, signal });
    } catch (error) {
      throw networkError(name, error, `webhook ${host}`);
    }
    if (r.statusCode >= 200 && r.statusCode < 300) return r;
    const detail = `webhook ${host} answered ${r.statusCode}${r.statusMessage ? ` ${r.statusMessage}` : ''}`;
    throw httpStatusError(name, r.statusCode, detail, retryAfterSeconds(r.headers['retry-after']));
  });
  return parseReceipt(response.body, ctx);
}

function parseReceipt(body: string, ctx: DeliverContext<WebhookOptions>): Receipt {
  let id = ctx.previous?.id ?? `${ctx.article.id}:${ctx.channel.name}`;
  let url: string | undefined;
  try {
    const json = JSON.parse(body) as { id?: unknown; url?: unknown };
    if (typeof json.id === 'string' || typeof json.id === 'number') id = String(json.id);
    if (typeof json.url === 'string') url = json.url;
  } catch {
    // A plain "ok" body is fine: the receipt then uses our own key.
  }
  return url === undefined ? { id } : { id, url };
}

/** Webhook: POSTs a signed JSON document; 2xx is success, 429/5xx are retried. */
export const webhook: ChannelType<WebhookOptions, WebhookOutput> = {
  type: 'webhook',
  schema: webhookOptions,
  secretKeys: ['secret'],
  supportsUpdate: true,
  render,
  check,
  load: loadGot,
  deliver,
};

export default webhook;
