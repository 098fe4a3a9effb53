/**
 * POSTing the signed JSON document (the webhook type's only I/O): 2xx is success, 429/5xx
 * are retried. Loaded only when a webhook channel sends (index.ts imports it lazily).
 */
import { hmacSha256Hex } from '../../hash.js';
import { httpStatusError, networkError, retryAfterSeconds } from '../../http/policy.js';
import { loadGot } from '../../http/lazy-got.js';
import type { DeliverContext, Post, Receipt, Retraction } from '../types.js';
import type { WebhookOptions, WebhookOutput } from './options.js';

/** `sha256=<hex>` of the exact body bytes, as receivers verify it. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${hmacSha256Hex(secret, body)}`;
}

export async function deliver(rendered: Post<WebhookOutput>, ctx: DeliverContext<WebhookOptions>): Promise<Receipt> {
  const { name } = ctx.channel;
  const doc: WebhookOutput = { ...rendered.output };
  if (ctx.mode === 'update' && ctx.previous) doc.update = { id: ctx.previous.id };
  const response = await post(JSON.stringify(doc), `${ctx.article.id}:${name}:${ctx.mode}`, ctx);
  return parseReceipt(response.body, ctx);
}

/**
 * `publish retract`: a signed `retract` event naming the article and the post the receiver
 * made, so it takes its copy down. Its idempotency key lets a receiver drop a repeat.
 */
export async function retract(ctx: DeliverContext<WebhookOptions>): Promise<Retraction> {
  const id = ctx.previous?.id ?? `${ctx.article.id}:${ctx.channel.name}`;
  const doc = { event: 'retract', article: { id: ctx.article.id }, retract: { id } };
  await post(JSON.stringify(doc), `${ctx.article.id}:${ctx.channel.name}:retract`, ctx);
  return { outcome: 'retracted', detail: `sent a signed retract event for ${id} to ${new URL(ctx.channel.options.url).host}` };
}

/** POSTs `body` signed, under the retry policy; 2xx is success. */
async function post(body: string, idempotencyKey: string, ctx: DeliverContext<WebhookOptions>): Promise<{ body: string }> {
  const got = await loadGot();
  const { options, name } = ctx.channel;
  const headers: Record<string, string> = {
    ...options.headers,
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'publish (newsroom syndication)',
    // Lets a receiver drop a repeat of the same delivery.
    'idempotency-key': idempotencyKey,
  };
  if (options.secret) headers['x-publish-signature'] = webhookSignature(options.secret, body);

  const host = new URL(options.url).host;
  return ctx.attempt('POST', async (signal) => {
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

export { loadGot as loadClient };
