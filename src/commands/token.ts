import { getChannelType } from '../channels/index.js';
import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig } from '../engine/inputs.js';
import type { TokenResult } from '../engine/result.js';
import { UsageError } from '../errors.js';

/**
 * `publish token <channel>`: the newest rotated secret (TikTok's refresh token) the ledger
 * holds for a channel, so it can be backed up (into .env). None when the ledger holds none
 * (channels.yaml's is then the newest).
 */
export async function tokenCommand(opts: GlobalOptions & { channel: string }, ctx: CommandContext): Promise<TokenResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const channel = config.channels.find((c) => c.name === opts.channel);
  if (!channel) {
    throw new UsageError(`${opts.channel}: no such channel in ${config.file}; the channels are: ${config.channels.map((c) => c.name).join(', ')}`);
  }
  const key = getChannelType(channel.type)?.rotatedSecret;
  if (!key) throw new UsageError(`${channel.name}: ${channel.type} does not rotate its tokens; channels.yaml holds the only one`);
  const { openLedgerToRead } = await import('../ledger/guard.js');
  const { rotatedSecret } = await import('../engine/rotated.js');
  const ledger = await openLedgerToRead(config);
  try {
    const secret = ledger ? await rotatedSecret(channel, ledger) : undefined;
    return { channel: channel.name, key, newest: secret?.newest, onlyInLedger: secret?.onlyInLedger ?? false };
  } finally {
    await ledger?.close();
  }
}
