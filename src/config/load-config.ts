import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { channelTypes } from '../channels/index.js';
import type { ChannelType } from '../channels/types.js';
import { ConfigError } from '../errors.js';
import { checkWith, kindOf, shapeKeys } from './check.js';
import type { Finding } from './check.js';
import { badReferences, hasReference, intendedReference, interpolate, mergeEnv, readDotEnv } from './env.js';
import type { Env } from './env.js';
import { Locator, dotted, where } from './locate.js';
import type { KeyPath, Position } from './locate.js';
import { CHANNEL_DEFAULTS, COMMON_CHANNEL_KEYS, commonChannelSchema, topLevelSchema } from './schema.js';
import { isSecretKey, redact, suggestedVariable } from './secret-keys.js';
import { closest } from '../text/closest.js';
import { eachString, interpolateTree, isPlainObject, removePlaceholder } from './tree.js';
import type { MissingReference } from './tree.js';
import type { ChannelConfig, Config } from './types.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The process environment; it wins over the `.env` file beside channels.yaml. */
  env: Env;
  /** The channel types a channel's `type:` may name. @default channelTypes (src/channels/index.ts) */
  registry?: readonly ChannelType[];
}

/**
 * Stands in for an unset `${VAR}` in a channel's options while its type's schema checks them,
 * so a dry-run without secrets still validates everything else. It is removed from the
 * options afterwards: a missing value is `''` in `options`, and `ChannelConfig.missing` is the
 * authoritative list of what is unset.
 */
const MISSING_PLACEHOLDER = '__missing__';

const NOT_SET = 'is not set (add it to the environment or to .env beside channels.yaml)';

/** One problem, kept with its position so all of them can be listed in file order. */
interface Located {
  position: Position | undefined;
  text: string;
}

/**
 * Reads channels.yaml, fills in `${VAR}`s from the environment and `.env`, and validates it.
 * Throws a {@link ConfigError} listing every problem at once, each as
 * `channels.yaml:LINE:COL channels.site.url: what is wrong and what to do`, with the file
 * named as the caller gave it. Unset variables in a channel's options are not problems: they
 * are listed in the channel's `missing` (sending needs them, a dry-run does not; see
 * `missingSecretsProblems`). `missing` is authoritative: in `options` an unset variable reads
 * as `''`. Unset variables anywhere else (`state:`, `delay:`, …) are problems.
 * No message ever contains the value of a secret key.
 */
export async function loadConfig(file: string, opts: LoadConfigOptions): Promise<Config> {
  const absolute = resolve(file);
  const dir = dirname(absolute);
  const text = await readConfigText(file);

  const lines = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier one: quadratic in the
  // number of channels (60,000 took 25 s). duplicateKeys() does the same check in one pass.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const keys = keyProblems(doc);
  const syntax = [
    ...doc.errors.map((error) => ({ offset: syntaxOffset(doc, error), message: syntaxMessage(error.message) })),
    ...keys.filter((k) => k.kind === 'duplicate').map((k) => ({ offset: k.offset, message: 'Map keys must be unique' })),
  ].sort((a, b) => a.offset - b.offset);
  if (syntax.length > 0) {
    throw new ConfigError(syntax.map((e) => `${where(file, lines.linePos(e.offset))}: ${e.message}`));
  }
  const reserved = keys.filter((k) => k.kind === 'reserved');
  const raw: unknown = plainData(doc, file, lines);
  if (raw === null || raw === undefined) {
    throw new ConfigError([`${file}: the file is empty; add a \`channels:\` section (\`publish init\` writes a starter file)`]);
  }
  const locator = new Locator(doc, lines);
  if (!isPlainObject(raw)) {
    throw new ConfigError([
      `${where(file, locator.value([]))}: expected a mapping of keys (\`timezone\`, \`channels\`, …), got ${kindOf(raw)}`,
    ]);
  }

  const loader = new ConfigValidation(file, locator, mergeEnv(readDotEnv(dir), opts.env), opts.registry ?? channelTypes);
  for (const r of reserved) {
    loader.problems.push({
      position: lines.linePos(r.offset),
      text: ` ${dotted(r.path)}: \`${r.key}\` cannot be a key (JavaScript reserves the name; it would be ignored or change how the file is read): rename or remove it`,
    });
    removeKey(raw, r.path);
  }
  for (const warning of doc.warnings) {
    loader.warnings.push({ position: lines.linePos(warning.pos[0]), text: `: ${syntaxMessage(warning.message)}` });
  }
  const config = loader.validate(raw, doc, absolute, dir);
  if (loader.problems.length > 0) throw new ConfigError(loader.lines(loader.problems));
  return { ...config, locate: (path) => locator.key(path), warnings: loader.lines(loader.warnings) };
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError([`${file}: no such file; run \`publish init\` to write a starter one, or pass -c <file>`], {
        cause: error,
      });
    }
    if (code === 'EISDIR') throw new ConfigError([`${file}: is a directory; pass -c <file>`], { cause: error });
    throw new ConfigError([`${file}: cannot be read (${code ?? String(error)})`], { cause: error });
  }
}

/** Keys that JavaScript objects treat specially; a file must not use them. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key the file must not have: one repeating an earlier key of its mapping, or a reserved name. */
interface KeyProblem {
  kind: 'duplicate' | 'reserved';
  key: string;
  /** Keys and list indexes from the top of the file to this key. */
  path: (string | number)[];
  offset: number;
}

/**
 * Duplicate keys and `__proto__`/`constructor`/`prototype` keys, in one walk. yaml's own
 * duplicate check compares each key with every earlier one: quadratic in the number of
 * channels (60,000 took 25 s), so it is turned off and done here with a set per mapping.
 */
function keyProblems(doc: Document): KeyProblem[] {
  const found: KeyProblem[] = [];
  visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        const offset = pair.key.range?.[0] ?? 0;
        const reserved = RESERVED_KEYS.has(String(value));
        if (seen.has(value)) found.push({ kind: 'duplicate', key: String(value), path: [], offset });
        else if (reserved) found.push({ kind: 'reserved', key: String(value), path: [...pathOf(ancestors, map), String(value)], offset });
        seen.add(value);
      }
    },
  });
  return found;
}

/** The keys and indexes leading to `node` through its ancestors (as yaml's visit gives them). */
function pathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  ancestors.forEach((parent, i) => {
    if (isPair(parent) && isScalar(parent.key)) path.push(String(parent.key.value));
    else if (isSeq(parent)) path.push(parent.items.indexOf((ancestors[i + 1] ?? node) as never));
  });
  return path;
}

/** Deletes the own key at `path` from the parsed data (reported already). */
function removeKey(data: unknown, path: readonly (string | number)[]): void {
  let node: unknown = data;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return;
    node = (node as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1];
  if (node !== null && typeof node === 'object' && last !== undefined && Object.hasOwn(node, last)) {
    delete (node as Record<string | number, unknown>)[last];
  }
}

/** At most this many copies an alias may make; yaml's default, named so the message can say it. */
const MAX_ALIAS_COPIES = 100;

/**
 * The file as plain data. A "billion laughs" alias bomb (or an alias yaml cannot resolve) is a
 * problem placed at the first alias, not a crash: the file may come from anyone.
 */
function plainData(doc: Document, file: string, lines: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COPIES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(doc, {
      Alias(_key, alias) {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const message = /excessive alias/i.test(error.message)
      ? `these aliases (*name) expand to too many copies (more than ${MAX_ALIAS_COPIES}); write the values out instead of nesting aliases`
      : syntaxMessage(error.message);
    throw new ConfigError([`${where(file, lines.linePos(offset))}: ${message}`], { cause: error });
  }
}

/**
 * Where to point for a syntax error. yaml places "Missing closing quote" at the end of the
 * file or line, far from the cause; the opening quote is what the user needs to find.
 */
function syntaxOffset(doc: Document, error: YAMLError): number {
  const at = error.pos[0];
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return at;
  let opening = at;
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      if (quoted && range && range[0] < at && range[1] >= at) opening = range[0];
    },
  });
  return opening;
}

/** yaml's message without the location it repeats (`… at line 3, column 8:`) and context lines. */
function syntaxMessage(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/** `article.clean`: on unless it says `off` or `false` (a wrong value is reported by the schema). */
function cleanSetting(article: unknown): boolean {
  const value = isPlainObject(article) ? article['clean'] : undefined;
  return value !== 'off' && value !== false;
}

/** The timezone the machine runs in. */
function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** IANA names newer than the ones Node 20's ICU lists as canonical. */
const RENAMED_ZONES: Record<string, string> = {
  'Europe/Kyiv': 'Europe/Kiev',
  'Asia/Kolkata': 'Asia/Calcutta',
  'Asia/Kathmandu': 'Asia/Katmandu',
  'Asia/Yangon': 'Asia/Rangoon',
  'Asia/Ho_Chi_Minh': 'Asia/Saigon',
  'Atlantic/Faroe': 'Atlantic/Faeroe',
  'America/Nuuk': 'America/Godthab',
  'Pacific/Kanton': 'Pacific/Enderbury',
};

function isTimeZone(zone: string): boolean {
  // The list is cheap; building a formatter loads the zone data (~20 ms), so only zones
  // the list lacks (aliases, renames newer than Node's ICU) pay for it.
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return true;
  const known = Intl.supportedValuesOf('timeZone');
  if (known.includes(zone) || known.includes(RENAMED_ZONES[zone] ?? '')) return true;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validation of one parsed file: collects problems and warnings as it goes. */
class ConfigValidation {
  readonly problems: Located[] = [];
  readonly warnings: Located[] = [];
  /** Values of secret keys, redacted from every message. */
  private readonly secrets = new Set<string>();
  /** Dotted paths already reported as an unset variable: their value is unknown, not wrong. */
  private readonly unset = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly locator: Locator,
    private readonly env: Record<string, string>,
    private readonly registry: readonly ChannelType[],
  ) {}

  /** `file:LINE:COL path: message` lines in file order, secrets redacted. */
  lines(list: readonly Located[]): string[] {
    return [...list]
      .sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0))
      .map((item) => redact(`${item.position ? where(this.file, item.position) : this.file}${item.text}`, this.secrets));
  }

  private problem(path: KeyPath, at: 'key' | 'value', message: string): void {
    const position = at === 'key' ? this.locator.key(path) : this.locator.value(path);
    this.problems.push({ position, text: ` ${dotted(path)}: ${message}` });
  }

  private findings(findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (finding.at === 'value' && this.unset.has(dotted(finding.path))) continue;
      this.problem(finding.path, finding.at, finding.message);
    }
  }

  /** Interpolates a value whose unset variables are problems (everything but channel options). */
  private interpolateStrict(value: unknown, path: (string | number)[]): unknown {
    const missing: MissingReference[] = [];
    const result = interpolateTree(value, path, this.env, '', missing);
    for (const ref of missing) {
      this.problem(ref.path, 'value', `environment variable ${ref.variable} ${NOT_SET}`);
      this.unset.add(dotted(ref.path));
    }
    return result;
  }

  /** Reports every `${…}` that is not a valid reference; its value is then not checked further. */
  private badReferences(raw: unknown): void {
    eachString(raw, [], (text, path) => {
      const bad = badReferences(text);
      if (bad.length === 0) return;
      this.unset.add(dotted(path));
      const first = bad[0] as string;
      // In a secret's value, `${` may be part of the secret itself: show it only when it is the whole value.
      const hidden = path[0] === 'channels' && isSecretKey(path.slice(2), []) && text.trim() !== first;
      const meant = hidden ? undefined : intendedReference(first);
      const shown = hidden ? 'a `${` that is not a valid variable reference' : `\`${first}\` is not a valid variable reference`;
      const unclosed = !first.endsWith('}');
      this.problem(
        path,
        'value',
        `${shown}: ${unclosed ? 'close it with }; ' : ''}a variable name has letters, digits and _ only and starts with a letter or _${meant ? `: did you mean \`${meant}\`?` : ', e.g. `${TELEGRAM_BOT_TOKEN}`'} (write $$ for a literal $)`,
      );
    });
  }

  validate(raw: Record<string, unknown>, doc: Document, file: string, dir: string): Omit<Config, 'warnings'> {
    this.badReferences(raw);
    const { channels: rawChannels, ...rest } = raw;
    const settings = this.interpolateStrict(rest, []) as Record<string, unknown>;
    this.findings(checkWith(topLevelSchema, { ...settings, channels: rawChannels }, []).findings);
    // Each setting is used on its own, so one bad key does not hide problems in another.
    const field = <K extends 'timezone' | 'language' | 'state' | 'media_root'>(key: K) => {
      const parsed = topLevelSchema.shape[key].safeParse(settings[key]);
      return parsed.success ? parsed.data : undefined;
    };

    const timezone = field('timezone');
    if (timezone !== undefined && !isTimeZone(timezone)) {
      this.problem(['timezone'], 'value', `unknown time zone \`${timezone}\`; use an IANA name such as Europe/Kyiv`);
    }
    const mediaRoot = field('media_root');
    return {
      file,
      dir,
      timezone: timezone ?? systemTimeZone(),
      language: field('language'),
      state: resolveState(field('state'), dir),
      ...(mediaRoot === undefined ? {} : { mediaRoot: resolve(dir, mediaRoot) }),
      strip: this.compilePatterns(settings['article'], 'strip'),
      keep: this.compilePatterns(settings['article'], 'keep'),
      clean: cleanSetting(settings['article']),
      channels: this.validateChannels(rawChannels, doc),
    };
  }

  /** Compiles every `article.strip` or `article.keep` pattern that is text (other values are already reported). */
  private compilePatterns(article: unknown, key: 'strip' | 'keep'): RegExp[] {
    const patterns = isPlainObject(article) && Array.isArray(article[key]) ? (article[key] as unknown[]) : [];
    const compiled: RegExp[] = [];
    patterns.forEach((pattern, i) => {
      if (typeof pattern !== 'string') return;
      try {
        compiled.push(new RegExp(pattern, 'u'));
      } catch (error) {
        const reason = (error as Error).message.split(': ').pop() ?? 'invalid';
        this.problem(
          ['article', key, i],
          'value',
          `not a valid regular expression (${reason}); patterns are JavaScript regexes with the \`u\` flag`,
        );
      }
    });
    return compiled;
  }

  private validateChannels(rawChannels: unknown, doc: Document): ChannelConfig[] {
    if (rawChannels === undefined) {
      this.problem(['channels'], 'key', 'required; add a `channels:` mapping with at least one channel (see `publish init`)');
      return [];
    }
    const node = doc.get('channels', true);
    if (rawChannels === null || (isMap(node) && node.items.length === 0)) {
      this.problem(['channels'], 'key', 'no channels; add at least one, e.g. `site: { type: wordpress, url: … }`');
      return [];
    }
    if (!isPlainObject(rawChannels) || !isMap(node)) {
      this.problem(['channels'], 'value', `expected a mapping of channel names to their settings, got ${kindOf(rawChannels)}`);
      return [];
    }
    // File order comes from the YAML node: a JS object would put names like `2024` first.
    const names = node.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
    const channels: ChannelConfig[] = [];
    for (const name of names) {
      if (!Object.hasOwn(rawChannels, name)) continue; // a reserved name, already reported
      const channel = this.validateChannel(name, rawChannels[name]);
      if (channel) channels.push(channel);
    }
    return channels;
  }

  private validateChannel(name: string, raw: unknown): ChannelConfig | undefined {
    const base = ['channels', name];
    if (!isPlainObject(raw)) {
      this.problem(base, 'value', `expected a mapping with at least \`type:\`, got ${kindOf(raw)}`);
      return undefined;
    }
    const type = this.channelType(base, raw['type']);
    // A type may take a common key as its own (then its schema checks it).
    const typeKeys = new Set(type ? (shapeKeys(type.schema) ?? []).filter((key) => key !== 'type') : []);

    // Split the channel: common keys are the loader's; the rest belong to the type's schema.
    const common: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'type') continue;
      if (COMMON_CHANNEL_KEYS.includes(key) && !typeKeys.has(key)) common[key] = value;
      else own[key] = value;
    }

    const commonChecked = checkWith(commonChannelSchema, this.interpolateStrict(common, base), base);
    this.findings(commonChecked.findings);

    this.warnInlineSecrets(name, own, type?.secretKeys ?? []);
    const missing: MissingReference[] = [];
    const interpolated = interpolateTree(own, base, this.env, MISSING_PLACEHOLDER, missing);
    let options: Record<string, unknown> = {};
    if (type) {
      const checked = checkWith(type.schema, interpolated, base, COMMON_CHANNEL_KEYS);
      this.findings(checked.findings);
      if (checked.ok) options = removePlaceholder(checked.value as Record<string, unknown>, MISSING_PLACEHOLDER);
    }
    if (!commonChecked.ok || !type) return undefined;

    const c = commonChecked.value;
    const timeoutMs = c.timeout ?? CHANNEL_DEFAULTS.timeoutMs;
    if (timeoutMs <= 0) this.problem([...base, 'timeout'], 'value', 'must be longer than 0; e.g. `30s`');
    return {
      name,
      type: type.type,
      options,
      enabled: c.enabled ?? true,
      languages: c.languages,
      delayMs: c.delay,
      template: c.template,
      hashtags: c.hashtags,
      retry: {
        attempts: c.retry?.attempts ?? CHANNEL_DEFAULTS.attempts,
        baseDelayMs: c.retry?.base_delay ?? CHANNEL_DEFAULTS.baseDelayMs,
        maxDelayMs: c.retry?.max_delay ?? CHANNEL_DEFAULTS.maxDelayMs,
        budgetMs: c.retry?.budget ?? CHANNEL_DEFAULTS.budgetMs,
      },
      timeoutMs,
      perMinute: c.per_minute,
      missing: missing.map((ref) => ({ key: dotted(ref.path), variable: ref.variable })),
      variables: variablesOf(own),
    };
  }

  /** The registered type a channel names, or undefined after reporting why not. */
  private channelType(base: string[], rawType: unknown): ChannelType | undefined {
    const known = this.registry.map((t) => t.type);
    const listed = known.length > 0 ? known.join(', ') : 'none are registered';
    if (rawType === undefined || rawType === null || rawType === '') {
      this.problem([...base, 'type'], 'value', `required; add \`type:\` with one of: ${listed}`);
      return undefined;
    }
    if (typeof rawType !== 'string') {
      this.problem([...base, 'type'], 'value', `expected a type name (one of: ${listed}), got ${kindOf(rawType)}`);
      return undefined;
    }
    const type = this.registry.find((t) => t.type === rawType);
    if (!type) {
      const guess = closest(rawType, known);
      const hint = guess === undefined ? '' : ` did you mean \`${guess}\`?`;
      this.problem([...base, 'type'], 'value', `unknown type \`${rawType}\`;${hint} known types: ${listed}`);
    }
    return type;
  }

  /** Warns about secrets written in the file rather than taken from the environment. */
  private warnInlineSecrets(channel: string, own: Record<string, unknown>, typeSecretKeys: readonly string[]): void {
    eachString(own, [], (text, relativePath) => {
      if (!isSecretKey(relativePath, typeSecretKeys)) return;
      if (badReferences(text).length > 0) return; // reported as an error instead
      const path = ['channels', channel, ...relativePath];
      if (hasReference(text)) {
        const value = interpolateTree(text, path, this.env, '', []);
        if (typeof value === 'string') this.secrets.add(value);
        return;
      }
      if (text === '') return;
      this.secrets.add(text);
      this.warnings.push({
        position: this.locator.value(path),
        text: ` ${dotted(path)}: secret written inline; move it to the environment (\${${suggestedVariable(channel, relativePath)}})`,
      });
    });
  }
}

/** `state:` as the ledger wants it: a postgres URL as is, else an absolute SQLite path. */
function resolveState(state: string | undefined, dir: string): string {
  if (state === undefined) return resolve(dir, '.publish', 'state.db');
  if (/^postgres(?:ql)?:\/\//i.test(state)) return state;
  return resolve(dir, state);
}

/** The variable each top-level option is written as (its first `${NAME}`), set or not. */
function variablesOf(options: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    // With an empty environment every reference comes back as missing: that lists them all.
    const first = typeof value === 'string' ? interpolate(value, {}).missing[0] : undefined;
    if (first) out[key] = first;
  }
  return out;
}
