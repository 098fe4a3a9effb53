import { basename, isAbsolute, relative } from 'node:path';
import type { ChannelConfig, Config } from './types.js';

/** Option names that hold a secret in every channel type (docs/ARCHITECTURE.md, "Secrets written inline"). */
export const SECRET_KEY_NAMES: readonly string[] = [
  'token',
  'password',
  'secret',
  'client_secret',
  'refresh_token',
  'access_token',
];

/**
 * True when the option at `relativePath` (inside one channel) holds a secret: its own name is
 * one of {@link SECRET_KEY_NAMES}, or its name or dotted path is listed in the type's `secretKeys`.
 */
export function isSecretKey(relativePath: readonly (string | number)[], typeSecretKeys: readonly string[]): boolean {
  const names = relativePath.filter((s): s is string => typeof s === 'string');
  const last = names[names.length - 1];
  if (last === undefined) return false;
  return SECRET_KEY_NAMES.includes(last) || typeSecretKeys.includes(last) || typeSecretKeys.includes(names.join('.'));
}

/** The variable name to suggest for an inline secret: `tg` + `token` → `TG_TOKEN`. */
export function suggestedVariable(channel: string, relativePath: readonly (string | number)[]): string {
  return [channel, ...relativePath.map(String)]
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, '_$1');
}

/** Replaces every occurrence of a known secret in a message (a type's custom message might echo one). */
export function redact(message: string, secrets: ReadonlySet<string>): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('***');
  return text;
}

/**
 * One problem per `${VAR}` that a channel needs but the environment does not have, e.g.
 * `channels.yaml: channels.telegram.token: environment variable TELEGRAM_BOT_TOKEN is not set (…)`.
 * Commands that send call this (dry-run does not). `channelNames` limits it to the channels
 * that will be used; by default every enabled channel.
 */
export function missingSecretsProblems(config: Config, channelNames?: readonly string[]): string[] {
  const shown = displayName(config.file);
  const beside = basename(config.file);
  const problems: string[] = [];
  for (const channel of config.channels) {
    if (channelNames ? !channelNames.includes(channel.name) : !channel.enabled) continue;
    for (const { key, variable } of channel.missing) {
      problems.push(
        `${shown}: ${key}: environment variable ${variable} is not set (add it to the environment or to .env beside ${beside})`,
      );
    }
  }
  return problems;
}

/**
 * Keys `channel` needs to send (its type's `sendRequires`) that are neither set nor a
 * `${VAR}` the environment lacks (that one is reported as the missing variable): e.g. no
 * `username:` at all.
 */
export function missingRequiredKeys(channel: ChannelConfig, requires: readonly string[]): string[] {
  const options = channel.options as Record<string, unknown>;
  return requires
    .filter((key) => !channel.missing.some((m) => m.key === `channels.${channel.name}.${key}`))
    .filter((key) => options[key] === undefined || options[key] === '');
}

/** The line for a key {@link missingRequiredKeys} found. */
export function requiredKeyProblem(channel: string, key: string): string {
  return `channels.${channel}.${key}: required to send; add it (as \${VARIABLE} from the environment)`;
}

/**
 * Every reason the given channels cannot send (a missing variable, a missing required key),
 * one line each with the file: what sending refuses to start with.
 */
export function unsendableProblems(config: Config, channels: readonly ChannelConfig[], requiresOf: (c: ChannelConfig) => readonly string[]): string[] {
  const problems = missingSecretsProblems(config, channels.map((c) => c.name));
  for (const c of channels) {
    for (const key of missingRequiredKeys(c, requiresOf(c))) problems.push(`${config.file}: ${requiredKeyProblem(c.name, key)}`);
  }
  return problems;
}

/** The config file as a person would type it from here: relative when it is below the cwd. */
function displayName(file: string): string {
  const fromHere = relative(process.cwd(), file);
  return fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) ? file : fromHere;
}
