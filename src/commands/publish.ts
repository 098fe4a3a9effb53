import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadInputs } from '../engine/inputs.js';
import { dryRun } from '../engine/plan.js';
import type { RunResult } from '../engine/result.js';

/** `publish <article...>` options. */
export interface PublishOptions extends GlobalOptions {
  articles: string[];
  channel?: string[];
  dryRun?: boolean;
  at?: string;
  update?: boolean;
  force?: boolean;
}

/** `publish <article...>`: dry-run, or send through the ledger. */
export async function publishCommand(opts: PublishOptions, ctx: CommandContext): Promise<RunResult> {
  const { config, articles } = await loadInputs(opts, ctx);
  const now = new Date();
  if (opts.dryRun) return dryRun(config, articles, opts.channel ?? [], now);
  const { sendArticles } = await import('../engine/send.js');
  return sendArticles(config, articles, opts, ctx, now);
}
