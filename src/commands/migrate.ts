import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig } from '../engine/inputs.js';
import type { MigrateResult } from '../engine/result.js';

/** `publish migrate`: creates or upgrades the ledger schema. */
export async function migrateCommand(opts: GlobalOptions, ctx: CommandContext): Promise<MigrateResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const { migrateLedger } = await import('../ledger/open.js');
  return migrateLedger(config.state);
}
