import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { loadCommandConfig } from './load.js';

/** `publish migrate`: creates or upgrades the ledger schema. */
export async function migrateCommand(opts: GlobalOptions, io: Io, report: Report): Promise<number> {
  const config = await loadCommandConfig(opts.config, io);
  const { migrateLedger } = await import('../ledger/open.js');
  const { from, to } = await migrateLedger(config.state);
  if (report.json) report.document({ from, to });
  else report.line(from === to ? `ledger schema is current (version ${to})` : `ledger schema upgraded from version ${from} to ${to}`);
  return 0;
}
