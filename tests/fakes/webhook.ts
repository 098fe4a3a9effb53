/**
 * A webhook receiver on 127.0.0.1: records every delivery, verifies the HMAC
 * signature when it knows the secret, and can be told to be slow, fail or answer 429.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readBody, startServer } from './http.js';

/** One delivery as received. */
export interface WebhookDelivery {
  path: string;
  body: Record<string, unknown> & { article?: { id?: string }; text?: string };
  headers: Record<string, string | string[] | undefined>;
  at: number;
  /** What the fake answered. */
  status: number;
}

/** A fault for the next requests. */
export type WebhookFault = { status: 429; retryAfter?: number } | { status: 401 | 403 | 500 | 502 | 503 } | { delayMs: number } | { hang: true };

export interface WebhookFake {
  /** Origin with a trailing slash. */
  url: string;
  /** Every request, including refused ones. */
  requests: WebhookDelivery[];
  /** The accepted deliveries (2xx answered). */
  accepted(): WebhookDelivery[];
  /** Faults for the next `count` requests to `path` (or any with '*'). */
  failNext(path: string, fault: WebhookFault, count?: number): void;
  /** Every request waits this long before answering. */
  latencyMs: number;
  close(): Promise<void>;
}

/** Starts a strict webhook receiver: JSON only, signature checked when `secret` is given. */
export async function startWebhookFake(opts: { secret?: string; latencyMs?: number } = {}): Promise<WebhookFake> {
  const requests: WebhookDelivery[] = [];
  const faults: { path: string; fault: WebhookFault }[] = [];
  let nextId = 1;
  const fake: WebhookFake = {
    url: '',
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    failNext(path, fault, count = 1) {
      for (let i = 0; i < count; i++) faults.push({ path, fault });
    },
    latencyMs: opts.latencyMs ?? 0,
    close: async () => {},
  };
  const server = await startServer(async (req, res) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record = (status: number, body: Record<string, unknown>): WebhookDelivery => {
      const d: WebhookDelivery = { path, body, headers: req.headers, at: Date.now(), status };
      requests.push(d);
      return d;
    };
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (fake.latencyMs > 0) await new Promise((r) => setTimeout(r, fake.latencyMs));
    if (req.method !== 'POST') return answer(405, { error: 'POST only' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return answer(415, { error: 'JSON only' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      record(400, {});
      return answer(400, { error: 'invalid JSON' });
    }
    if (opts.secret) {
      const expected = `sha256=${createHmac('sha256', opts.secret).update(raw).digest('hex')}`;
      const got = String(req.headers['x-publish-signature'] ?? '');
      if (got.length !== expected.length || !timingSafeEqual(Buffer.from(got), Buffer.from(expected))) {
        record(401, body);
        return answer(401, { error: 'bad signature' });
      }
    }
    const i = faults.findIndex((f) => f.path === '*' || f.path === path);
    if (i >= 0) {
      const { fault } = faults.splice(i, 1)[0] as { fault: WebhookFault };
      if ('hang' in fault) {
        record(0, body);
        return; // never answers: the client's timeout or a kill ends it
      }
      if ('delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      else {
        record(fault.status, body);
        const headers: Record<string, string> = 'retryAfter' in fault && fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        return answer(fault.status, { error: fault.status === 429 ? 'slow down' : 'server error' }, headers);
      }
    }
    const id = String(nextId++);
    record(200, body);
    return answer(200, { id, url: `${fake.url}posts/${id}` });
  });
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}
