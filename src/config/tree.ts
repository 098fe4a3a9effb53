import { interpolate } from './env.js';
import type { Env } from './env.js';

/** A `${VAR}` that was unset, and where in the file it was written. */
export interface MissingReference {
  path: (string | number)[];
  variable: string;
}

/** Calls `visit` for every string in a parsed YAML value, with its path. */
export function eachString(value: unknown, path: (string | number)[], visit: (text: string, path: (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => eachString(item, [...path, i], visit));
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) eachString(item, [...path, key], visit);
}

/** A copy of a parsed YAML value with every string interpolated; unset variables are listed. */
export function interpolateTree(
  value: unknown,
  path: (string | number)[],
  env: Env,
  missingAs: string,
  missing: MissingReference[],
): unknown {
  if (typeof value === 'string') {
    const result = interpolate(value, env, { missingAs });
    for (const variable of result.missing) missing.push({ path, variable });
    return result.value;
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateTree(item, [...path, i], env, missingAs, missing));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = interpolateTree(item, [...path, key], env, missingAs, missing);
    return copy;
  }
  return value;
}

/** A copy with `placeholder` removed from every string (plain objects and arrays only). */
export function removePlaceholder<T>(value: T, placeholder: string): T {
  if (typeof value === 'string') return value.split(placeholder).join('') as T;
  if (Array.isArray(value)) return value.map((item) => removePlaceholder(item, placeholder)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, removePlaceholder(v, placeholder)])) as T;
  }
  return value;
}

/** A mapping as YAML gives it (not a list, a date or a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
