import { getChannelType } from '../channels/index.js';
import { loadConfig } from '../config/load.js';
import { resolveConfigPath } from '../config/find.js';
import type { Config } from '../config/types.js';
import { Report } from '../report.js';
import { registerSecret } from '../secrets.js';
import type { ParseOptions } from '../article/parse.js';
import type { Io } from './context.js';

/** Loads channels.yaml for a command and registers its secrets for scrubbing. */
export async function loadCommandConfig(flag: string | undefined, io: Io): Promise<Config> {
  const file = resolveConfigPath(flag, io.env, io.cwd);
  const config = await loadConfig(file, { env: io.env });
  for (const channel of config.channels) {
    const keys = new Set([...(getChannelType(channel.type)?.secretKeys ?? []), 'token', 'password', 'secret', 'client_secret', 'refresh_token', 'access_token']);
    const options = channel.options as Record<string, unknown>;
    for (const key of keys) {
      const value = options[key];
      if (typeof value === 'string') registerSecret(value);
    }
    if (typeof options.password === 'string' && typeof options.username === 'string') {
      registerSecret(Buffer.from(`${options.username}:${options.password}`).toString('base64'));
    }
  }
  const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env });
  for (const warning of config.warnings) report.warn(warning);
  return config;
}

/**
 * How every command that sends or shows articles reads them with this config: its strip
 * patterns and language, its media_root (media files are checked), its channel names (front
 * matter overrides are checked), warnings on stderr.
 */
export function articleOptions(config: Config, io: Io): ParseOptions & { media: { root: string | undefined } } {
  const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env });
  return {
    strip: config.strip,
    keep: config.keep,
    clean: config.clean,
    defaultLanguage: config.language,
    media: { root: config.mediaRoot },
    channels: config.channels.map((c) => c.name),
    warn: (message) => report.warn(message),
  };
}
