import { isMap, isScalar, isSeq } from 'yaml';
import type { Pair } from 'yaml';
import type { FrontMatterDocument } from './front-matter.js';
import { closest } from '../text/closest.js';
import { nulIndex, removeControls } from '../text/controls.js';
import { articleError } from './located.js';
import type { Location } from './located.js';
import { mediaRef, youtubeId } from './media.js';
import type { ChannelOverride, MediaRef } from './types.js';

/** Every key article front matter may have. */
export const FRONT_MATTER_KEYS = [
  'id',
  'title',
  'lead',
  'url',
  'slug',
  'tags',
  'language',
  'image',
  'youtube',
  'video',
  'date',
  'channels',
] as const;

/** Validated front matter; a key left out (or left empty) is undefined. */
export interface FrontMatter {
  id?: string;
  title?: string;
  lead?: string;
  url?: string;
  slug?: string;
  tags?: string[];
  language?: string;
  image?: MediaRef;
  video?: MediaRef;
  youtube?: string;
  date?: string;
  channels?: Record<string, ChannelOverride>;
}

type Key = (typeof FRONT_MATTER_KEYS)[number];

/** A problem with one value; thrown inside this module and turned into an ArticleError. */
class FieldProblem extends Error {
  constructor(
    message: string,
    readonly where?: Location,
  ) {
    super(message);
  }
}

/**
 * Checks every front matter key and value: unknown keys and wrong types are errors naming
 * the key and its line. Strings come back NFC-normalised and trimmed.
 */
export function readFrontMatter(
  source: string,
  doc: FrontMatterDocument,
  dir: string,
  known: { channels?: readonly string[]; warn?: (message: string) => void } = {},
  places?: Record<string, Location>,
): FrontMatter {
  const result: FrontMatter = {};
  for (const pair of doc.pairs) {
    const keyNode = pair.key;
    const keyAt = doc.locate(rangeStart(keyNode));
    if (places !== undefined && keyAt !== undefined && isScalar(keyNode)) {
      places[String(keyNode.value)] = keyAt;
      // Each channel override's own line (`channels: {telegram-en: {text: …}}`).
      if (keyNode.value === 'channels' && isMap(pair.value)) {
        for (const item of pair.value.items) {
          const at = doc.locate(rangeStart(item.key));
          if (at !== undefined && isScalar(item.key)) places[`channels.${String(item.key.value)}`] = at;
        }
      }
    }
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    if (typeof key !== 'string') {
      throw articleError(source, 'front matter: every key must be a plain name such as title or tags; fix the YAML between the --- lines', keyAt);
    }
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw articleError(
        source,
        `front matter: unknown key "${key}"; use one of: ${FRONT_MATTER_KEYS.join(' ')}`,
        keyAt,
      );
    }
    const valueAt = doc.locate(rangeStart(pair.value)) ?? keyAt;
    const value = doc.toJS(pair.value);
    if (value === null || value === undefined) continue; // `lead:` left empty means "not given"
    try {
      readField(result, key as Key, value, pair, doc, dir, valueAt, {
        ...known,
        warn: (message, where) => known.warn?.(`${source}${where ? `:${where.line}${where.col === undefined ? '' : `:${where.col}`}` : ''}: front matter ${message}`),
      });
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      throw articleError(source, `front matter ${key}: ${error.message}`, error.where ?? valueAt);
    }
  }
  return result;
}

function readField(
  out: FrontMatter,
  key: Key,
  value: unknown,
  pair: Pair,
  doc: FrontMatterDocument,
  dir: string,
  at: Location | undefined,
  known: { channels?: readonly string[]; warn?: (message: string, where?: Location) => void },
): void {
  switch (key) {
    case 'id':
    case 'slug': {
      const text = requireText(value, key, false);
      if (/[\s/?#]/u.test(text)) {
        throw new FieldProblem(`"${text}" contains spaces or / ? #; use letters, digits and dashes`, at);
      }
      out[key] = text;
      return;
    }
    case 'title':
      out.title = requireText(value, key, false);
      return;
    case 'lead':
      out.lead = requireText(value, key, true);
      return;
    case 'url':
      out.url = readUrl(requireText(value, key, false));
      return;
    case 'tags':
      out.tags = readTags(value, pair, doc);
      return;
    case 'language': {
      const text = requireText(value, key, false);
      if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(text)) {
        throw new FieldProblem(`"${text}" is not a language code; write one like en, uk or pt-BR`);
      }
      out.language = text;
      return;
    }
    case 'image':
    case 'video': {
      const ref = mediaRef(requireText(value, key, false), dir);
      if (typeof ref === 'string') throw new FieldProblem(ref);
      out[key] = at === undefined ? ref : { ...ref, line: at.line };
      return;
    }
    case 'youtube': {
      const text = typeof value === 'string' ? value.trim() : undefined;
      const id = text === undefined ? undefined : youtubeId(text);
      if (id === undefined) {
        throw new FieldProblem(
          `${JSON.stringify(value)} is not a YouTube video id; write the 11-character id (like dQw4w9WgXcQ) or the video's youtube.com/watch?v= link`,
        );
      }
      out.youtube = id;
      return;
    }
    case 'date':
      out.date = readDate(value);
      return;
    case 'channels':
      out.channels = readOverrides(pair, doc);
      if (known.channels) checkOverrideNames(pair, doc, known.channels, (message, where) => known.warn?.(message, where));
      return;
  }
}

function requireText(value: unknown, key: string, allowEmpty: boolean): string {
  if (typeof value !== 'string') {
    const json = value instanceof Date ? value.toISOString() : JSON.stringify(value);
    // One line, however big the value (a list of lists from nested aliases).
    const shown = json.length > 60 ? `${json.slice(0, 57)}…` : json;
    throw new FieldProblem(`must be text, not ${describe(value)}; write it in quotes, e.g. ${key}: "${shown}"`);
  }
  const text = cleanText(value);
  if (text === '' && !allowEmpty) throw new FieldProblem('is empty; write a value or remove the line');
  return text;
}

/**
 * A front matter string as the article's text: NUL refused, other control characters removed
 * (YAML escapes such as "\a" or "\x1b" can write any of them; src/text/controls.ts), NFC, trimmed.
 */
function cleanText(value: string, where?: Location): string {
  if (nulIndex(value) >= 0) throw new FieldProblem('contains a NUL character (written \\0 or \\x00 in YAML): remove it', where);
  return removeControls(value).normalize('NFC').trim();
}

function readUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new FieldProblem(`"${text}" is not a web link; write the full https:// address`);
  }
  return text;
}

function readTags(value: unknown, pair: Pair, doc: FrontMatterDocument): string[] {
  if (typeof value === 'string') return cleanTags(value.split(','));
  if (!Array.isArray(value)) {
    throw new FieldProblem(`must be a list, not ${describe(value)}; write tags: [Ukraine, peace talks]`);
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string') {
      const node = isSeq(pair.value) ? pair.value.items[i] : undefined;
      throw new FieldProblem(
        `item ${i + 1} is ${describe(item)}, not text; put it in quotes, e.g. "${String(item)}"`,
        doc.locate(rangeStart(node)),
      );
    }
  });
  return cleanTags(value as string[]);
}

function cleanTags(items: string[]): string[] {
  return items.map((tag) => cleanText(tag)).filter((tag) => tag !== '');
}

/** ISO 8601 date or date-time; a time without a zone is taken as UTC, as YAML does. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;

function readDate(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && ISO_DATE.test(value.trim())) {
    let text = value.trim().replace(' ', 'T');
    if (text.length > 10 && !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text)) text += 'Z';
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  throw new FieldProblem(`${JSON.stringify(value)} is not a date; write it as 2025-05-16 or 2025-05-16T10:00:00+03:00`);
}

function readOverrides(pair: Pair, doc: FrontMatterDocument): Record<string, ChannelOverride> {
  const map = pair.value;
  if (!isMap(map)) {
    throw new FieldProblem('must be a mapping of channel names to { text, skip }; e.g. channels: { tiktok: { skip: true } }');
  }
  const overrides: Record<string, ChannelOverride> = {};
  for (const item of map.items) {
    const name = isScalar(item.key) ? item.key.value : undefined;
    const nameAt = doc.locate(rangeStart(item.key));
    if (typeof name !== 'string' || name.trim() === '') {
      throw new FieldProblem('channel names must be text, as in channels.yaml', nameAt);
    }
    if (RESERVED_NAMES.has(name.trim())) {
      throw new FieldProblem(`"${name}" cannot be a channel name (JavaScript reserves it); use the name channels.yaml gives the channel`, nameAt);
    }
    const settings = item.value;
    if (!isMap(settings)) {
      throw new FieldProblem(`${name}: must be { text: "…" } or { skip: true }`, doc.locate(rangeStart(settings)) ?? nameAt);
    }
    const override: ChannelOverride = {};
    for (const setting of settings.items) {
      const key = isScalar(setting.key) ? setting.key.value : undefined;
      const keyAt = doc.locate(rangeStart(setting.key));
      const value = doc.toJS(setting.value);
      const valueAt = doc.locate(rangeStart(setting.value)) ?? keyAt;
      if (key === 'text') {
        if (typeof value !== 'string' || value.trim() === '') {
          throw new FieldProblem(`${name}.text: must be non-empty text; write text: "…" or remove it`, valueAt);
        }
        override.text = cleanText(value, valueAt);
        if (override.text === '') throw new FieldProblem(`${name}.text: must be non-empty text; write text: "…" or remove it`, valueAt);
      } else if (key === 'skip') {
        if (typeof value !== 'boolean') throw new FieldProblem(`${name}.skip: must be true or false`, valueAt);
        override.skip = value;
      } else {
        throw new FieldProblem(`${name}: unknown key "${String(key)}"; use text or skip`, keyAt);
      }
    }
    overrides[name.trim()] = override;
  }
  return overrides;
}

/** Names that JavaScript objects treat specially: never channel names. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Each override must name a channel of channels.yaml. One close to a channel's name is a
 * typo (`telegrm`): an error, since the override the editor meant (a skip, a text) would
 * silently not apply. Any other unknown name is warned about: the article may be written for
 * another newsroom's channels as well.
 */
function checkOverrideNames(pair: Pair, doc: FrontMatterDocument, channels: readonly string[], warn: (message: string, where?: Location) => void): void {
  if (!isMap(pair.value)) return;
  const listed = channels.length > 0 ? channels.join(', ') : 'none';
  for (const item of pair.value.items) {
    const name = isScalar(item.key) && typeof item.key.value === 'string' ? item.key.value.trim() : undefined;
    if (name === undefined || channels.includes(name)) continue;
    const at = doc.locate(rangeStart(item.key));
    const guess = closest(name, channels);
    if (guess !== undefined) {
      throw new FieldProblem(`${name}: no channel "${name}" in channels.yaml: did you mean ${guess}? (the channels are: ${listed})`, at);
    }
    warn(`channels.${name}: no channel "${name}" in channels.yaml, so this override does nothing (the channels are: ${listed})`, at);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return `a ${typeof value}`;
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
    const start: unknown = node.range[0];
    return typeof start === 'number' ? start : undefined;
  }
  return undefined;
}
