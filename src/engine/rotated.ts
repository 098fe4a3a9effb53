/**
 * Secrets a platform replaces on every use (TikTok's refresh token). publish keeps the
 * newest in the ledger; while channels.yaml (or .env) holds an older one, losing the ledger
 * locks the channel out until someone authorises again. `publish check` warns about it and
 * `publish token <channel>` prints the newest one for a backup.
 */
import { getChannelType } from '../channels/index.js';
import type { ChannelConfig, Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';

/** A channel's rotated secret as the ledger holds it. */
export interface RotatedSecret {
  channel: ChannelConfig;
  /** The option, e.g. `refresh_token`. */
  key: string;
  /** The environment variable channels.yaml writes it as, if any. */
  variable: string | undefined;
  /** The newest value, from the ledger. */
  newest: string;
  /** True when channels.yaml's value is not the newest: only the ledger has it. */
  onlyInLedger: boolean;
}

/** The rotated secret of `channel` in `ledger`, when the ledger holds one. */
export async function rotatedSecret(channel: ChannelConfig, ledger: Ledger): Promise<RotatedSecret | undefined> {
  const key = getChannelType(channel.type)?.rotatedSecret;
  if (!key) return undefined;
  const newest = await ledger.getToken(`${channel.name}:${key}`);
  if (!newest) return undefined;
  const configured = (channel.options as Record<string, unknown>)[key];
  return { channel, key, variable: channel.variables?.[key], newest, onlyInLedger: configured !== newest };
}

/** Every enabled channel whose newest rotated secret only the ledger holds. */
export async function secretsOnlyInLedger(config: Config, ledger: Ledger): Promise<RotatedSecret[]> {
  const found: RotatedSecret[] = [];
  for (const channel of config.channels.filter((c) => c.enabled)) {
    const secret = await rotatedSecret(channel, ledger);
    if (secret?.onlyInLedger) found.push(secret);
  }
  return found;
}

/** `publish check`'s warning for one such secret (never the secret itself). */
export function onlyInLedgerWarning(secret: RotatedSecret, ledgerLocation: string): string {
  const name = secret.channel.name;
  const where = secret.variable ? `${secret.variable} (channels.${name}.${secret.key})` : `channels.${name}.${secret.key}`;
  return `channels.${name}: the newest ${secret.key} exists only in the ledger (${ledgerLocation}); ${where} holds an older one that no longer works. ` +
    `If the ledger is lost, ${secret.channel.type} must be authorised again: back it up with \`publish token ${name}\` (it prints the token; put it in ${secret.variable ? `.env as ${secret.variable}` : `channels.${name}.${secret.key}`})`;
}
