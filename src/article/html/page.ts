/**
 * What a page says about its story in its `<head>`: Open Graph and article meta tags, the
 * canonical link, `<html lang>`; and how the page's addresses become ones the tool may use.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { MediaRef } from '../types.js';
import type { Located, Scanned } from './scan.js';

/** The first non-empty value of any of these meta names or properties, trimmed. */
export function metaValue(scanned: Scanned, ...keys: string[]): Located | undefined {
  for (const key of keys) {
    for (const m of scanned.meta.get(key) ?? []) {
      const value = m.value.replace(/\s+/g, ' ').trim();
      if (value !== '') return { value, line: m.line };
    }
  }
  return undefined;
}

/** An absolute URL of `href` against `base`, or undefined. */
export function absoluteUrl(href: string, base?: string): URL | undefined {
  try {
    return new URL(href.trim(), base);
  } catch {
    return undefined;
  }
}

/** A web address (http or https), or undefined. */
function webUrl(href: string | undefined, base?: string): string | undefined {
  if (href === undefined) return undefined;
  const url = absoluteUrl(href, base);
  return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : undefined;
}

/**
 * The page's own address, which its relative links are read against: the address it was
 * fetched from, else `<base href>`, `<link rel=canonical>` or `og:url` (absolute ones only).
 */
export function pageBase(scanned: Scanned, fetchedFrom?: string): string | undefined {
  return fetchedFrom ?? webUrl(scanned.base) ?? webUrl(scanned.canonical?.value) ?? webUrl(metaValue(scanned, 'og:url')?.value);
}

/** The canonical link: `<link rel=canonical>`, else `og:url`, else the address it was fetched from. */
export function canonicalUrl(scanned: Scanned, fetchedFrom?: string): string | undefined {
  return webUrl(scanned.canonical?.value, fetchedFrom) ?? webUrl(metaValue(scanned, 'og:url')?.value, fetchedFrom) ?? fetchedFrom;
}

/**
 * The language: `<html lang>` (or `og:locale`) as its primary subtag: CMSs write `en-US`
 * and `uk-UA` where channels.yaml's `languages:` say `en` and `uk`.
 */
export function pageLanguage(scanned: Scanned): string | undefined {
  for (const raw of [scanned.lang, metaValue(scanned, 'og:locale', 'content-language', 'language')?.value]) {
    const m = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(raw?.trim() ?? '');
    if (m) return m[1]!.toLowerCase();
  }
  return undefined;
}

/** Tags: every `article:tag`, else the `keywords` (comma-separated), as written, each once. */
export function pageTags(scanned: Scanned): string[] | undefined {
  let tags = (scanned.meta.get('article:tag') ?? []).map((m) => m.value);
  if (tags.length === 0) tags = (metaValue(scanned, 'keywords', 'news_keywords')?.value ?? '').split(',');
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const t = tag.replace(/\s+/g, ' ').trim().normalize('NFC');
    if (t === '' || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out.length > 0 ? out : undefined;
}

/** `article:published_time` as an ISO date, when it is one. */
export function pageDate(scanned: Scanned): string | undefined {
  const value = metaValue(scanned, 'article:published_time', 'datepublished')?.value;
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The last path segment of a canonical link, when it is a slug (letters, digits, dashes). */
export function slugOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const path = absoluteUrl(url)?.pathname ?? '';
  let last: string;
  try {
    last = decodeURIComponent(path.replace(/\/+$/, '').split('/').pop() ?? '');
  } catch {
    return undefined;
  }
  last = last.replace(/\.html?$/i, '');
  return /^[\p{L}\p{N}_-]+$/u.test(last) ? last.normalize('NFC') : undefined;
}

/** Where a page's images may come from. */
export interface ImageRules {
  /** The article's folder (for files), where a relative image path must lie. */
  dir: string;
  /** The page's own address, for root-relative and relative addresses. */
  base: string | undefined;
  /** The page was fetched: every address is read against it, nothing is a local file. */
  fetched: boolean;
}

/**
 * A page's image as the article's image: an https URL (a relative address read against the
 * page's address when it has one), or, for a file, a relative path to a file inside its
 * folder. Anything else (`file:`, `data:`, plain http, a path leading out of the folder) is
 * not used, and the reason is returned instead, for a warning: a page must never make the
 * tool read or upload a file outside its folder.
 */
export function pageImage(src: string, line: number | undefined, rules: ImageRules): MediaRef | string {
  const written = src.trim();
  const shown = JSON.stringify(written.length > 80 ? `${written.slice(0, 77)}…` : written);
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(written);
  const local = !rules.fetched && !hasScheme && !written.startsWith('/') && !written.startsWith('\\');
  if (local) {
    let path: string;
    try {
      path = resolve(rules.dir, decodeURIComponent(written.split(/[?#]/)[0] ?? ''));
    } catch {
      return `${shown} is not a usable address`;
    }
    const rel = relative(rules.dir, path);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return `${shown} is outside the article's folder`;
    return line === undefined ? { ref: written, path } : { ref: written, path, line };
  }
  const url = absoluteUrl(written, rules.base);
  if (url === undefined || (!hasScheme && rules.base === undefined)) return `${shown} is not a web address, and the page says no address of its own to read it against`;
  if (url.protocol !== 'https:') return `${shown} is not an https address`;
  return line === undefined ? { ref: url.href, url: url.href } : { ref: url.href, url: url.href, line };
}

/** A link target (an absolute http(s) or mailto URL), Google Docs' redirects undone. */
export function pageLink(href: string, base: string | undefined): string | undefined {
  const url = absoluteUrl(href, base);
  if (url === undefined) return undefined;
  if (url.protocol === 'mailto:') return url.href;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Google Docs writes every link as https://www.google.com/url?q=<target>&sa=D…
  if (/^(www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url') {
    const target = url.searchParams.get('q');
    if (target !== null && /^https?:\/\//i.test(target)) return pageLink(target, undefined);
  }
  if (url.hash !== '' && base !== undefined && url.href.split('#')[0] === base.split('#')[0]) return undefined; // a link within the page
  // An absolute address as written (as a Markdown link keeps it), a relative one as read.
  const written = href.trim();
  return /^https?:\/\/[^\s\u0000-\u001f\u007f\\]+$/i.test(written) ? written : url.href;
}
