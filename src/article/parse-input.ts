/**
 * Which reader an article goes to, by its format: kept apart from parse.ts because the HTML
 * and Word readers build on parse.ts themselves.
 */
import { formatOfPath, startsLikeHtml, type ArticleFormat } from './format.js';
import { parseArticle, type ArticleInput, type ParseOptions } from './parse.js';
import type { Article } from './types.js';

/**
 * Parses an article of any format: Markdown and plain text at once, HTML and Word documents
 * after loading their libraries (only then: a run of Markdown articles never loads them).
 */
export async function parseArticleInput(input: ArticleInput, opts: ParseOptions): Promise<Article> {
  const format = input.format ?? (input.source === '-' ? stdinFormat(input.text) : formatOfPath(input.source));
  if (format === 'html') {
    const { readHtmlArticle } = await import('./html/index.js');
    return readHtmlArticle(input, opts);
  }
  if (format === 'docx') {
    const { readDocxArticle } = await import('./docx/index.js');
    return readDocxArticle(input, opts);
  }
  return parseArticle(input, opts);
}

/** Standard input is HTML when it opens like a page; Markdown or plain text otherwise (decided later). */
function stdinFormat(text: string | Buffer): ArticleFormat | undefined {
  const head = typeof text === 'string' ? text.slice(0, 4096) : text.subarray(0, 4096).toString('latin1');
  return startsLikeHtml(head) ? 'html' : undefined;
}
