import { UsageError } from '../errors.js';
import { getChannelType } from '../channels/index.js';
import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { loadCommandConfig } from './load.js';

/**
 * `publish token <channel>`: prints the newest rotated secret (TikTok's refresh token) the
 * ledger holds for a channel, so it can be backed up (into .env). Exit 1 when the ledger
 * holds none (channels.yaml's is then the newest).
 */
export async function tokenCommand(opts: GlobalOptions & { channel: string }, io: Io, report: Report): Promise<number> {
  const config = await loadCommandConfig(opts.config, io);
  const channel = config.channels.find((c) => c.name === opts.channel);
  if (!channel) {
    throw new UsageError(`${opts.channel}: no such channel in ${config.file}; the channels are: ${config.channels.map((c) => c.name).join(', ')}`);
  }
  const key = getChannelType(channel.type)?.rotatedSecret;
  if (!key) throw new UsageError(`${channel.name}: ${channel.type} does not rotate its tokens; channels.yaml holds the only one`);
  const { openLedgerToRead } = await import('../ledger/guard.js');
  const { rotatedSecret } = await import('../deliver/rotated.js');
  const ledger = await openLedgerToRead(config);
  try {
    const secret = ledger ? await rotatedSecret(channel, ledger) : undefined;
    if (!secret) {
      report.note(`the ledger holds no ${key} for ${channel.name}: the one in channels.yaml is the newest`);
      return 1;
    }
    report.secret(secret.newest);
    if (!secret.onlyInLedger) report.note(`(channels.yaml already has this ${key})`);
    return 0;
  } finally {
    await ledger?.close();
  }
}
