import { lazyDeliver } from '../lazy.js';
import type { ChannelType } from '../types.js';
import { webhookStage } from './card.js';
import { webhookOptions, type WebhookOptions, type WebhookOutput } from './options.js';
import { check, render } from './render.js';

/** Webhook: POSTs a signed JSON document; 2xx is success, 429/5xx are retried. */
export const webhook: ChannelType<WebhookOptions, WebhookOutput> = {
  type: 'webhook',
  schema: webhookOptions,
  example: { url: 'https://hooks.example.org/publish', secret: '${WEBHOOK_SECRET}' },
  secretKeys: ['secret'],
  supportsUpdate: true,
  render,
  check,
  card: webhookStage,
  platform: 'Webhook',
  retractPlan: (receipt, channel) => `send a signed retract event for ${receipt.id} to ${new URL(channel.options.url).host}`,
  ...lazyDeliver(() => import('./deliver.js'), { clients: ['got'], retract: true }),
};

export default webhook;
