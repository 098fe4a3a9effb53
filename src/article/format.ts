import { extname } from 'node:path';
import { articleError } from './located.js';

/** How an article's text is laid out. */
export type ArticleFormat = 'markdown' | 'plain' | 'html' | 'docx';

/** File extensions an article may have, and the format each means. */
export const ARTICLE_EXTENSIONS: Readonly<Record<string, ArticleFormat>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'plain',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
};

/** The extensions, for messages. */
export const EXTENSIONS_SHOWN = '.md, .markdown, .txt, .html, .htm or .docx';

/** True when the text opens like an HTML page (`<!DOCTYPE html>` or `<html>`, after blank space). */
export function startsLikeHtml(text: string): boolean {
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>])/i.test(text.slice(0, 4096));
}

/** True when the text opens with a `---` front matter line. */
export function startsWithFrontMatter(text: string): boolean {
  return /^---[ \t]*(\n|$)/.test(text);
}

/**
 * The format of an article: by extension for files; for stdin (`-`), Markdown when it
 * opens with `---` front matter, HTML when it opens like a page, else plain text. Throws
 * for any other extension.
 */
export function articleFormat(source: string, text: string): ArticleFormat {
  if (source === '-') return startsWithFrontMatter(text) ? 'markdown' : startsLikeHtml(text) ? 'html' : 'plain';
  return formatOfPath(source);
}

/** The format a path's extension means; throws an `ArticleError` for an unsupported one. */
export function formatOfPath(source: string): ArticleFormat {
  const ext = extname(source).toLowerCase();
  const format = ARTICLE_EXTENSIONS[ext];
  if (format === undefined) {
    const what = ext === '' ? 'has no file extension' : `has unsupported extension "${ext}"`;
    throw articleError(source, `${what}: save the article as ${EXTENSIONS_SHOWN}`);
  }
  return format;
}
