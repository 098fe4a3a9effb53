/**
 * The googleapis YouTube client of one channel, built on first use in a run and kept for
 * the run (one OAuth2 client, so a refreshed access token is reused by every article).
 * `@googleapis/youtube` is imported here, lazily: a dry-run never loads it.
 *
 * Retries: ours only. `DeliverContext.attempt` retries 429/5xx/network failures; googleapis'
 * own retry is switched off per call (`retry: false`) and google-auth-library's retry of the
 * token POST is switched off through the transporter defaults (`retryConfig.retry: 0`).
 */
import type { youtube_v3 } from '@googleapis/youtube';
import type { ChannelConfig } from '../../config/types.js';
import { registerSecret } from '../../scrub.js';
import { loadClient } from '../../clients/load.js';
import type { YouTubeOptions } from './options.js';

/** What delivery needs from the client libraries, for one channel. */
export interface YouTubeClient {
  api: youtube_v3.Youtube;
  /** Returns a valid access token, refreshing it only when there is none or it expired. */
  accessToken(): Promise<string>;
}

/**
 * Per-call googleapis options: no retries of its own, stopped by our signal alone. `timeout: 0`
 * because gaxios would join its own timeout to our signal with `AbortSignal.any`, which on
 * Node 20 stops firing after a garbage collection: our signal already carries the deadline.
 */
export function callOptions(signal: AbortSignal): { retry: false; signal: AbortSignal; timeout: 0 } {
  return { retry: false, signal, timeout: 0 };
}

// Keyed by the run's ChannelConfig object: a new run (config loaded again) gets a new client.
const clients = new WeakMap<ChannelConfig<YouTubeOptions>, Promise<YouTubeClient>>();

/** The channel's client for this run, created on first use. */
export function youtubeClient(channel: ChannelConfig<YouTubeOptions>): Promise<YouTubeClient> {
  let client = clients.get(channel);
  if (!client) {
    client = createClient(channel);
    clients.set(channel, client);
    // A failed import must not stick for the rest of the run.
    client.catch(() => clients.delete(channel));
  }
  return client;
}

type GoogleApis = typeof import('../../clients/youtube.js');
let googleapis: Promise<GoogleApis> | undefined;

/** `@googleapis/youtube`, loaded once, lazily. */
export function loadGoogleApis(): Promise<GoogleApis> {
  googleapis ??= loadClient('youtube', () => import('../../clients/youtube.js'));
  return googleapis;
}

async function createClient(channel: ChannelConfig<YouTubeOptions>): Promise<YouTubeClient> {
  const { youtube, auth } = await loadGoogleApis();
  const { client_id, client_secret, refresh_token, token_url, root_url } = channel.options;
  registerSecret(client_secret);
  registerSecret(refresh_token);
  // auth.OAuth2 is the copy of google-auth-library that googleapis-common was built against.
  const oauth = new auth.OAuth2({
    ...(client_id !== undefined ? { clientId: client_id } : {}),
    ...(client_secret !== undefined ? { clientSecret: client_secret } : {}),
    endpoints: { oauth2TokenUrl: token_url },
    transporterOptions: {
      // Only the token POST keeps this (API calls pass `timeout: 0` and our signal): with no
      // signal of ours, gaxios uses a lone AbortSignal.timeout, which does fire.
      timeout: channel.timeoutMs,
      // Deep-merged into every request of this client, the token POST included.
      retryConfig: { retry: 0, noResponseRetries: 0 },
    },
  });
  oauth.setCredentials({ ...(refresh_token !== undefined ? { refresh_token } : {}) });
  oauth.on('tokens', (tokens) => registerSecret(tokens.access_token ?? undefined));
  const api = youtube({ version: 'v3', auth: oauth, rootUrl: root_url });
  return {
    api,
    async accessToken() {
      const { token } = await oauth.getAccessToken();
      if (!token) throw new Error('the token endpoint answered without an access token');
      registerSecret(token);
      return token;
    },
  };
}
