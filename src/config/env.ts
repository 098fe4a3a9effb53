import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Environment variables as the config loader reads them (process.env has the same shape). */
export type Env = Record<string, string | undefined>;

/** Result of interpolating one string. */
export interface Interpolated {
  /** The string with every `${NAME}` replaced (an unset variable becomes `''`, or `missingAs`). */
  value: string;
  /** Names of the variables that were unset (or empty), in order of appearance, no repeats. */
  missing: string[];
}

/** Options of {@link interpolate}. */
export interface InterpolateOptions {
  /**
   * What an unset variable becomes. The loader passes a non-empty placeholder so a type's
   * schema (`min(1)`) can still check the rest of a channel in a dry-run.
   * @default ''
   */
  missingAs?: string;
}

// `$$` (an escaped dollar) or `${NAME}` / `${NAME:-default}`.
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` with `env.NAME` and `${NAME:-default}` with the default when NAME is
 * unset or empty; `$$` becomes `$`. A variable set to the empty string counts as missing
 * (a `.env` copied from `.env.example` holds `TOKEN=`, which means "not filled in yet").
 * Anything else, including a lone `$` or a malformed `${…`, is left as written.
 */
export function interpolate(value: string, env: Env, options: InterpolateOptions = {}): Interpolated {
  const missing: string[] = [];
  const replaced = value.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '$';
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    if (!missing.includes(name)) missing.push(name);
    return options.missingAs ?? '';
  });
  return { value: replaced, missing };
}

/** `$$`, or a `${` with whatever follows up to its `}` (or the end, when it is never closed). */
const ANY_REFERENCE = /\$\$|\$\{[^}]*\}?/g;
const VALID_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/**
 * The `${…}` in a value that are not valid references, as written: `${WP-USER}`, `${1BAD}`,
 * `${ NAME }`, `${NAME` (never closed). {@link interpolate} would leave them as they are,
 * and a literal `${WP-USER}` sent as a user name is never what was meant.
 */
export function badReferences(value: string): string[] {
  const bad: string[] = [];
  for (const [match] of value.matchAll(ANY_REFERENCE)) {
    if (match !== '$$' && !VALID_REFERENCE.test(match)) bad.push(match);
  }
  return bad;
}

/** What a bad reference was probably meant to be: `${ WP-USER }` → `${WP_USER}`; undefined when unclear. */
export function intendedReference(bad: string): string | undefined {
  const inner = bad.replace(/^\$\{/, '').replace(/\}$/, '').trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(inner) ? `\${${inner}}` : undefined;
}

/** True when the string refers to at least one variable (`${NAME}`), i.e. is not a literal. */
export function hasReference(value: string): boolean {
  for (const match of value.matchAll(REFERENCE)) if (match[1] !== undefined) return true;
  return false;
}

/**
 * Reads `<dir>/.env`: `KEY=value` lines, optionally prefixed by `export `, values bare or in
 * single or double quotes, `#` comments on their own line or after a bare value. A missing
 * file is `{}`. Lines that are not assignments are ignored, as dotenv does.
 */
export function readDotEnv(dir: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseDotEnv(text);
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** Parses the text of a `.env` file (see {@link readDotEnv}). */
export function parseDotEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i] ?? '');
    if (!match) continue;
    const key = match[1] as string;
    let rest = match[2] as string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue over the following lines until its closing quote.
      let body = rest.slice(1);
      let end = closingQuote(body, quote);
      while (end < 0 && i + 1 < lines.length) {
        body += '\n' + (lines[++i] ?? '');
        end = closingQuote(body, quote);
      }
      if (end < 0) continue; // never closed: not a value we can trust
      rest = body.slice(0, end);
      result[key] = quote === '"' ? rest.replace(/\\(.)/g, (m, c: string) => DOUBLE_QUOTE_ESCAPES[c] ?? m) : rest;
    } else {
      result[key] = rest.replace(/(^|\s+)#.*$/, '').trim();
    }
  }
  return result;
}

/** Index of the quote that closes a value (skipping `\"` inside double quotes), or -1. */
function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

/** The environment the loader uses: `.env` values, overridden by the process environment. */
export function mergeEnv(dotEnv: Record<string, string>, processEnv: Env): Record<string, string> {
  const merged: Record<string, string> = { ...dotEnv };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) merged[key] = value;
  return merged;
}
