import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig } from '../engine/inputs.js';
import type { RunResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/** `publish run` options. */
export interface RunOptions extends GlobalOptions {
  limit?: number;
  /** Articles sent at once. @default DEFAULT_CONCURRENCY */
  concurrency?: number;
}

/** Articles a run sends at once (each to all its due channels); it claims about as many at a time. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * `publish run`: sends the queue's due posts (see src/engine/queue.ts), up to `--limit`
 * posts, `--concurrency` articles at once; then finishes the checks of posts a platform
 * was still processing. Website posts go first within an article so the others get the link.
 */
export async function runCommand(opts: RunOptions, ctx: CommandContext): Promise<RunResult> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  if (Number.isNaN(limit) || limit < 0) throw new UsageError('--limit: expected a whole number of posts, 0 or more');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency: expected a whole number of articles, 1 or more');
  const config = await loadCommandConfig(opts.config, ctx);
  const { runQueue } = await import('../engine/queue.js');
  return runQueue(config, ctx, { limit, concurrency });
}
