import { isAbsolute, relative } from 'node:path';
import { getChannelType } from '../channels/index.js';
import type { ChannelType, DeliverContext, VerifyResult } from '../channels/types.js';
import { missingRequiredKeys, missingSecretsProblems, requiredKeyProblem } from '../config/secret-keys.js';
import type { ChannelConfig, Config } from '../config/types.js';
import type { CommandContext, GlobalOptions, Reporter } from '../engine/context.js';
import { loadCommandConfig, readInputArticles } from '../engine/inputs.js';
import { dryRun } from '../engine/plan.js';
import type { ChannelCheck, CheckResult } from '../engine/result.js';
import { ChannelError } from '../errors.js';
import { isTimeUp, timeUpError } from '../http/policy.js';
import type { Ledger } from '../ledger/types.js';
import { scrub } from '../scrub.js';

/** `publish check` options. */
export interface CheckOptions extends GlobalOptions {
  /** Articles to render and check on every channel too. */
  articles?: string[];
  /** Ask each platform whether the credentials work and the target exists. */
  online?: boolean;
}

/**
 * `publish check [article...] [--online]`: validates channels.yaml (a ConfigError listing
 * every problem propagates to main), renders and checks every article given, and with
 * `--online` asks each enabled channel's platform whether it would accept a post.
 * Exit 1 when a channel fails online or an article breaks a rule, else 0.
 */
export async function checkCommand(opts: CheckOptions, ctx: CommandContext): Promise<CheckResult> {
  const config = await loadCommandConfig(opts.config, ctx);
  const sources = opts.articles ?? [];
  const articles = sources.length > 0 ? await readInputArticles(sources, config, ctx) : [];
  if (opts.online) ctx.report.note(`asking ${config.channels.filter((c) => c.enabled).length} channels…`);
  const checked = opts.online ? await onlineChecks(config, ctx) : config.channels.map(offlineCheck);
  // A channel that cannot send as configured names its entry in channels.yaml.
  const channels = checked.map((c) => {
    const at = c.ok ? undefined : config.locate?.(['channels', c.channel]);
    return at ? { ...c, source: { file: config.file, line: at.line, column: at.col } } : c;
  });
  const results = articles.length > 0 ? dryRun(config, articles, [], new Date()).articles : [];
  const ok = channels.every((c) => c.ok) && !results.some((a) => a.results.some((r) => r.status === 'invalid'));
  const warnings = [...config.warnings, ...(await ledgerWarnings(config))];
  return { ok, config: shownPath(config.file, ctx.io.cwd), warnings, online: Boolean(opts.online), channels, articles: results };
}

/**
 * What only the ledger knows and would be lost with it: a rotated token (TikTok's refresh
 * token) newer than the one in channels.yaml. Read only; a ledger that cannot be read adds
 * nothing here (sending reports it).
 */
async function ledgerWarnings(config: Config): Promise<string[]> {
  if (!config.channels.some((c) => c.enabled && getChannelType(c.type)?.rotatedSecret)) return [];
  const { openLedgerToRead } = await import('../ledger/guard.js');
  const { onlyInLedgerWarning, secretsOnlyInLedger } = await import('../engine/rotated.js');
  let ledger: Ledger | undefined;
  try {
    ledger = await openLedgerToRead(config);
  } catch {
    return [];
  }
  if (!ledger) return [];
  try {
    return (await secretsOnlyInLedger(config, ledger)).map((s) => onlyInLedgerWarning(s, ledger.location));
  } finally {
    await ledger.close();
  }
}

/** The file as the user would type it from `cwd`: relative when below it. */
function shownPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * What a channel lacks from the environment, as one line without the file prefix:
 * `environment variable TOKEN is not set (add it to the environment or to .env beside …)`.
 */
function missingSecrets(config: Config, channel: ChannelConfig): string[] {
  const lines = missingSecretsProblems(config, [channel.name]).map((line) => {
    const key = channel.missing.find((m) => line.includes(`${m.key}: `))?.key;
    return key === undefined ? line : line.slice(line.indexOf(`${key}: `) + key.length + 2);
  });
  if (lines.length <= 1) return lines;
  const variables = [...new Set(channel.missing.map((m) => m.variable))];
  const hint = /\(([^)]*)\)$/.exec(lines[0] ?? '')?.[1]?.replace(/\badd it\b/, 'add them');
  return [`environment variables ${variables.join(', ')} are not set${hint ? ` (${hint})` : ''}`];
}

/** Keys the type needs to send that are neither set nor a missing `${VAR}` (e.g. no `username:`). */
function missingKeys(channel: ChannelConfig, type: ChannelType | undefined): string[] {
  return missingRequiredKeys(channel, type?.sendRequires ?? []).map((key) => requiredKeyProblem(channel.name, key));
}

/** Without --online: the channel as configured, and what sending would still need. */
function offlineCheck(channel: ChannelConfig): ChannelCheck {
  const base = { channel: channel.name, type: channel.type, ok: true, checked: false };
  if (!channel.enabled) return { ...base, message: `${channel.type}, disabled (enabled: false)` };
  const options = channel.options as Record<string, unknown>;
  const target = [options.chat, options.url, options.dir].find((v) => typeof v === 'string' && v !== '') as string | undefined;
  const parts = [channel.type];
  if (target) parts.push(target);
  if (channel.languages) parts.push(`languages ${channel.languages.join(', ')}`);
  if (channel.delayMs) parts.push(`${formatDelay(channel.delayMs)} after the article`);
  const unset = [...new Set(channel.missing.map((m) => m.variable))];
  if (unset.length > 0) parts.push(`to send, set ${unset.join(', ')}`);
  return { ...base, message: parts.join(' · ') };
}

function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Every channel's online check, concurrently; disabled channels are listed, not asked. */
async function onlineChecks(config: Config, ctx: CommandContext): Promise<ChannelCheck[]> {
  const verifiable = config.channels.filter((c) => c.enabled && getChannelType(c.type)?.verify && sendable(config, c));
  let ledger: Ledger | undefined;
  if (verifiable.length > 0) {
    // Tokens the platforms rotate (TikTok) must be stored where sending will find them.
    const { openLedger } = await import('../ledger/open.js');
    const { thisHost } = await import('../engine/session.js');
    ledger = await openLedger(config.state, { host: thisHost(ctx.io.env) });
  }
  try {
    return await Promise.all(config.channels.map((c) => onlineCheck(config, c, ledger, ctx.report)));
  } finally {
    await ledger?.close();
  }
}

function sendable(config: Config, channel: ChannelConfig): boolean {
  return missingSecrets(config, channel).length === 0 && missingKeys(channel, getChannelType(channel.type)).length === 0;
}

/** One channel asked online; every failure becomes a line, never a throw. */
async function onlineCheck(config: Config, channel: ChannelConfig, ledger: Ledger | undefined, report: Reporter): Promise<ChannelCheck> {
  const base = { channel: channel.name, type: channel.type };
  if (!channel.enabled) return { ...base, ok: true, checked: false, message: 'disabled (enabled: false): not asked' };
  const type = getChannelType(channel.type);
  const missing = [...missingSecrets(config, channel), ...missingKeys(channel, type)];
  if (missing.length > 0) return { ...base, ok: false, checked: false, message: missing.join('; ') };
  if (!type?.verify || ledger === undefined) {
    return { ...base, ok: true, checked: false, message: `online check not available for ${channel.type}` };
  }
  try {
    const result: VerifyResult = await type.verify(await verifyContext(config, channel, type, ledger, report));
    return { ...base, ok: result.ok, checked: true, message: scrub(result.message) };
  } catch (error) {
    const message = error instanceof ChannelError
      ? error.message
      : isTimeUp(error)
        ? timeUpError(channel.name, channel.retry.budgetMs, 'check the address and the network').message
        : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
    return { ...base, ok: false, checked: true, message: scrub(message) };
  }
}

/**
 * The same DeliverContext sending builds (retry policy, time limit, token store keys), for
 * an article that does not exist: `verify` must not read `ctx.article`.
 */
async function verifyContext(config: Config, channel: ChannelConfig, type: ChannelType, ledger: Ledger, report: Reporter): Promise<DeliverContext> {
  const { deliverContext, emptyPrepared, placeholderArticle } = await import('../engine/deliver-context.js');
  const article = placeholderArticle('publish-check', 'publish check', config.dir);
  return deliverContext(article, emptyPrepared(channel, type, config), { ledger, config, report }, 'create', undefined);
}
