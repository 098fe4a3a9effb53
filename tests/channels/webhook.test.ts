import { describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/channels/webhook/deliver.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { testChannel } from './contract.js';

const SECRET = 'contract-webhook-secret';

testChannel<WebhookFake>({
  type: 'webhook',
  async start() {
    const fake = await startWebhookFake({ secret: SECRET });
    // 401 from a receiver that does not know the signature: a wrong secret.
    return { fake, options: { url: `${fake.url}hook`, secret: '${HOOK_SECRET}' }, env: { HOOK_SECRET: SECRET }, close: fake.close };
  },
  posts: (fake) => fake.accepted().length,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    if (fault === 'unauthorized') fake.failNext('*', { status: 401 });
    if (fault === 'rate_limited') fake.failNext('*', { status: 429, retryAfter: 1 });
    if (fault === 'server_error') fake.failNext('*', { status: 503 });
  },
  remote: /^http:\/\/127\.0\.0\.1:\d+\/posts\/\d+$/,
  secrets: () => [SECRET],
});

describe('webhook', () => {
  it('signs the exact body bytes with HMAC-SHA256', () => {
    // RFC-style known vector.
    expect(webhookSignature('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});
