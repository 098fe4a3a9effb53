import type { z } from 'zod';
import type { KeyPath } from './locate.js';
import { closest } from '../text/closest.js';
import { isPlainObject } from './tree.js';

/** One thing wrong with a value, before it is given a file position. */
export interface Finding {
  /** Path from the top of channels.yaml. */
  path: (string | number)[];
  /** Point at the key (unknown keys) or at the value (bad values). */
  at: 'key' | 'value';
  message: string;
}

/** The outcome of checking a value against a zod schema. */
export type Checked<T> = { ok: true; value: T; findings: Finding[] } | { ok: false; findings: Finding[] };

/**
 * Validates `data` (found at `base` in the file) with `schema`. Unknown keys are reported by
 * comparing each mapping with its object schema's shape, even for the default (stripping)
 * zod objects, and are dropped before parsing so a strict schema does not report them twice.
 * `extraKnown` names keys allowed beside the schema's own at the top (the loader's common keys).
 * Unknown keys do not make the result fail on their own: the caller decides.
 */
export function checkWith<T>(
  schema: z.ZodType<T>,
  data: unknown,
  base: KeyPath,
  extraKnown: readonly string[] = [],
): Checked<T> {
  const findings: Finding[] = [];
  const cleaned = dropUnknownKeys(schema, data, [...base], findings, extraKnown);
  const result = schema.safeParse(cleaned);
  if (result.success) return { ok: true, value: result.data, findings };
  for (const issue of result.error.issues) {
    const path = [...base, ...issue.path.map(toSegment)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) findings.push({ path: [...path, key], at: 'key', message: `unknown key \`${key}\`` });
      continue;
    }
    const found = valueAt(cleaned, issue.path.map(toSegment));
    findings.push({ path, at: 'value', message: describeIssue(issue, found, path) });
  }
  return { ok: false, findings };
}

function toSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

/** The value at a relative path, or `absent` when some part of the path is not there. */
const absent = Symbol('absent');
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current)) return absent;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** A message a person can act on. Never includes the value itself (it may be a secret). */
function describeIssue(issue: z.core.$ZodIssue, found: unknown, path: KeyPath): string {
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'invalid_type':
      if (found === absent || found === undefined) {
        return typeof last === 'string' ? `required; add \`${last}:\`` : 'required';
      }
      return `expected ${expectedName(issue.expected)}, got ${kindOf(found)}`;
    case 'invalid_union':
      return describeUnion(issue, found, path);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be \`${String(issue.values[0])}\``
        : `expected one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return sizeMessage('at least', 'more than', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return sizeMessage('at most', 'less than', issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_format':
      if (issue.format === 'url') {
        const scheme = typeof found === 'string' ? schemeOf(found) : undefined;
        if (scheme !== undefined && scheme !== 'http:' && scheme !== 'https:') {
          return `\`${scheme}\` is not a web address scheme; write an http:// or https:// address, e.g. https://example.org`;
        }
        return 'not a valid URL; write it with its scheme, e.g. https://example.org';
      }
      if (issue.format === 'email') return 'not a valid email address';
      return lowerFirst(issue.message);
    default:
      return lowerFirst(issue.message);
  }
}

/**
 * A value that fits none of a union's forms (`chat: [a, b]`): the forms expected, or, when a
 * form of the right kind refused the value, why it did. zod itself says only "Invalid input".
 */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, found: unknown, path: KeyPath): string {
  const branches = issue.errors ?? [];
  const typeOnly = (branch: readonly z.core.$ZodIssue[]) =>
    branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0;
  const refusing = branches.find((branch) => branch.length > 0 && !typeOnly(branch));
  if (refusing !== undefined) return describeIssue(refusing[0]!, found, path);
  // A union given its own message (`{ error: … }`) says what it takes better than a list of types.
  if (issue.message && issue.message !== 'Invalid input') return `${lowerFirst(issue.message)}; got ${kindOf(found)}`;
  const expected = [...new Set(branches.map((branch) => expectedName((branch[0] as z.core.$ZodIssueInvalidType).expected)))];
  if (expected.length === 0) return `not an accepted value, got ${kindOf(found)}`;
  return `expected ${expected.join(' or ')}, got ${kindOf(found)}`;
}

/** The scheme of a URL (`htp:`), or undefined when the text is not one. */
function schemeOf(text: string): string | undefined {
  try {
    return new URL(text).protocol;
  } catch {
    return undefined;
  }
}

function sizeMessage(
  bound: string,
  strictBound: string,
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
): string {
  const n = Number(limit);
  const phrase = inclusive === false ? strictBound : bound;
  if (origin === 'string') {
    if (bound === 'at least' && n === 1 && inclusive !== false) return 'must not be empty';
    return `must be ${phrase} ${n} characters long`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${phrase} ${n} item${n === 1 ? '' : 's'}`;
  return `must be ${phrase} ${n}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
  date: 'a date',
  bigint: 'a whole number',
};

function expectedName(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

/** What kind of value the file holds, without saying the value. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isInteger(value) ? 'a whole number' : 'a number';
    case 'boolean':
      return value ? '`true`' : '`false`';
    case 'object':
      return value instanceof Date ? 'a date' : 'a mapping';
    default:
      return typeof value;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// --- unknown keys -------------------------------------------------------------------------

/** The bits of zod's internal definition this walker reads. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The schema under optional/default/… wrappers and the input side of pipes (`.transform`). */
function unwrap(schema: z.ZodType): Def {
  let def = defOf(schema);
  for (let depth = 0; depth < 20; depth++) {
    if (WRAPPERS.has(def.type) && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in) def = defOf(def.in);
    else break;
  }
  return def;
}

/** The keys an object schema (possibly wrapped) declares, or undefined if it is not one. */
export function shapeKeys(schema: z.ZodType): string[] | undefined {
  const def = unwrap(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/**
 * A copy of `data` without the keys its schema does not know, each reported in `findings`.
 * Objects with a catch-all (`.loose()`, `.catchall()`) keep their extra keys.
 */
function dropUnknownKeys(
  schema: z.ZodType,
  data: unknown,
  path: (string | number)[],
  findings: Finding[],
  extraKnown: readonly string[] = [],
): unknown {
  const def = unwrap(schema);
  if (def.type === 'object' && def.shape && isPlainObject(data)) {
    const keepsExtras = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
    const known = Object.keys(def.shape);
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      // Own keys only: `constructor` must not find Object.prototype's.
      const field = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
      if (field) copy[key] = dropUnknownKeys(field, value, [...path, key], findings);
      else if (keepsExtras) copy[key] = value;
      else if (!extraKnown.includes(key)) {
        findings.push({ path: [...path, key], at: 'key', message: unknownKeyMessage(key, [...known, ...extraKnown]) });
      }
    }
    return copy;
  }
  if (def.type === 'array' && def.element && Array.isArray(data)) {
    const element = def.element;
    return data.map((item, i) => dropUnknownKeys(element, item, [...path, i], findings));
  }
  if (def.type === 'record' && def.valueType && isPlainObject(data)) {
    const valueType = def.valueType;
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, dropUnknownKeys(valueType, value, [...path, key], findings)]),
    );
  }
  return data;
}

/** "unknown key `chanels`: did you mean `channels`?" or "unknown key `x` (allowed: …)". */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const guess = closest(key, allowed);
  if (guess !== undefined) return `unknown key \`${key}\`: did you mean \`${guess}\`?`;
  return `unknown key \`${key}\`; remove it (known keys: ${allowed.join(', ')})`;
}
