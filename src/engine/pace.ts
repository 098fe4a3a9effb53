/**
 * Pacing per channel (`per_minute:`): a run starts at most N posts a minute on a channel,
 * spaced evenly, so a backlog never hits the platform's cap (Telegram: 20 messages a minute
 * in a channel; TikTok: 6 video inits a minute per account). Other channels and other
 * articles go on meanwhile: only that channel's posts wait. `retry_after` still applies to
 * what slips through (several machines each pace themselves).
 */
import { getChannelType } from '../channels/index.js';
import type { ChannelConfig } from '../config/types.js';
import { sleep } from '../http/deadline.js';

/** Posts a minute on `channel`: its `per_minute:`, else its platform's documented cap; 0 = no pacing. */
export function perMinute(channel: ChannelConfig): number {
  return channel.perMinute ?? getChannelType(channel.type)?.perMinute ?? 0;
}

/** One channel's spacing: the next post may start at `freeAt`. */
export class Pacer {
  readonly intervalMs: number;
  #next = 0;

  constructor(postsPerMinute: number) {
    this.intervalMs = postsPerMinute > 0 ? 60_000 / postsPerMinute : 0;
  }

  /** Epoch ms from which the next post may start. */
  get freeAt(): number {
    return this.#next;
  }

  /** Waits for this post's turn (at once when the channel is idle); rejects when `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.intervalMs;
    if (at > now) await sleep(at - now, signal);
  }
}

/** Every channel's pacer for one run. */
export class Pacers {
  readonly #byChannel = new Map<string, Pacer>();

  /** The channel's pacer; undefined when it is not paced. */
  of(channel: ChannelConfig): Pacer | undefined {
    let pacer = this.#byChannel.get(channel.name);
    if (!pacer) {
      const n = perMinute(channel);
      if (n <= 0) return undefined;
      pacer = new Pacer(n);
      this.#byChannel.set(channel.name, pacer);
    }
    return pacer;
  }

  /** Channels whose next post cannot start before `at`: a run claims none of their rows meanwhile. */
  busyAt(at: number): string[] {
    return [...this.#byChannel].filter(([, p]) => p.freeAt > at).map(([name]) => name);
  }

  /** When the first busy channel frees up (epoch ms), or undefined when none is busy. */
  nextFree(now: number): number | undefined {
    const times = [...this.#byChannel.values()].map((p) => p.freeAt).filter((t) => t > now);
    return times.length > 0 ? Math.min(...times) : undefined;
  }
}
