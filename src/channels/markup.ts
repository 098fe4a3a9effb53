/**
 * Warnings for raw HTML a channel leaves out, each naming the article line, so that no word
 * vanishes silently (docs/ARCHITECTURE.md, "HTML inside articles"). The website keeps what its sanitiser
 * allows; text channels keep the words of raw HTML but never its markup.
 */
import type { Article, RawHtml } from '../article/types.js';
import { sanitizeDrops } from '../text/sanitize.js';
import type { Problem } from './types.js';

/** True when the article's body holds raw HTML (so the website must sanitise it). */
export function hasRawBody(article: Article): boolean {
  return article.rawHtml?.some((b) => b.part === 'body') ?? false;
}

/** More than this many and the rest are counted in one last warning. */
const MAX_WARNINGS = 8;
/** Elements that show something text cannot (an embed, a picture, a control). */
const NOT_SHOWN = new Set(['img', 'picture', 'video', 'audio', 'iframe', 'embed', 'object', 'svg', 'math', 'canvas', 'form', 'input', 'button', 'select', 'textarea']);
const BACKTICKS = 'to show it as text, write it in backticks (`<script>`)';

function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return `"${one.length > 40 ? `${one.slice(0, 39)}…` : one}"`;
}

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_WARNINGS) return problems;
  const rest = problems.length - (MAX_WARNINGS - 1);
  return [
    ...problems.slice(0, MAX_WARNINGS - 1),
    { severity: 'warning', code: 'html_dropped', message: `and ${rest} more pieces of raw HTML left out (publish preview shows where)` },
  ];
}

const warning = (line: number, message: string): Problem => ({ severity: 'warning', code: 'html_dropped', message: `line ${line}: ${message}`, cause: { line } });

/** What a text channel leaves out of one block: the words of script-like elements, and embeds. */
function textDrops(block: RawHtml, where: string): Problem[] {
  const problems: Problem[] = [];
  for (const h of block.hidden) {
    problems.push(warning(h.line, h.text
      ? `${h.tag} and the words in it (${quote(h.text)}) are left out ${where}: raw HTML is not shown there; ${BACKTICKS}`
      : `${h.tag} is not shown ${where}`));
  }
  for (const t of block.tags) {
    const name = /^<([A-Za-z][A-Za-z0-9-]*)/.exec(t.tag)?.[1]?.toLowerCase() ?? '';
    if (!NOT_SHOWN.has(name) || block.hidden.some((h) => h.line === t.line && h.tag === t.tag)) continue;
    problems.push(warning(t.line, `${t.tag} is not shown ${where}`));
  }
  return problems;
}

/**
 * Warnings for a text channel (Telegram, YouTube, TikTok, webhooks): raw HTML words it leaves
 * out (a script's code) and embeds it cannot show. `body: false` for channels that show only
 * the title and lead (TikTok). An override replaces the article's text: nothing to report.
 */
export function textMarkupProblems(article: Article, channel: string, where: string, opts: { body: boolean }): Problem[] {
  if (!article.rawHtml?.length || article.overrides[channel]?.text !== undefined) return [];
  const blocks = article.rawHtml.filter((b) => opts.body || b.part !== 'body');
  return capped(blocks.flatMap((b) => textDrops(b, where)));
}

/**
 * Warnings for a website channel: what its sanitiser removes from the body (elements with
 * their words, attributes such as `onclick` or a `javascript:` href), and the raw HTML of the
 * title and lead, which are text. Loads sanitize-html, only for articles with raw HTML.
 */
export function websiteMarkupProblems(article: Article, embedHosts: readonly string[]): Problem[] {
  if (!article.rawHtml?.length) return [];
  const where = 'from the website';
  const problems: Problem[] = [];
  for (const block of article.rawHtml) {
    if (block.part !== 'body') {
      problems.push(...textDrops(block, `from the ${block.part}`));
      continue;
    }
    const used = new Set<number>();
    const lineOf = (tag: string): number => {
      const i = block.tags.findIndex((t, n) => !used.has(n) && t.tag.toLowerCase().startsWith(`<${tag}`));
      if (i < 0) return block.line;
      used.add(i);
      return block.tags[i]!.line;
    };
    for (const drop of sanitizeDrops(block.html, embedHosts)) {
      if (drop.kind === 'element') {
        const line = lineOf(drop.tag);
        const hint = drop.tag === 'iframe' ? ' (an iframe needs its host in the channel\'s embed_hosts)' : '';
        problems.push(warning(line, drop.text
          ? `<${drop.tag}> and the words in it (${quote(drop.text)}) are removed ${where}: raw HTML it does not allow; ${BACKTICKS}`
          : `<${drop.tag}> is removed ${where}: not an element the website allows${hint}; its words are kept`));
      } else if (drop.kind === 'attribute') {
        const line = block.tags.find((t) => t.tag.toLowerCase().startsWith(`<${drop.tag}`) && t.tag.toLowerCase().includes(drop.attribute.toLowerCase()))?.line ?? block.line;
        const why = /^(href|src|cite|poster|srcset)$/.test(drop.attribute)
          ? 'only http(s), mailto and tel links are kept'
          : drop.attribute.startsWith('on') ? 'no scripts on the website' : 'not an attribute the website allows';
        problems.push(warning(line, `the ${drop.attribute} attribute of <${drop.tag}> is removed ${where}: ${why}`));
      } else {
        problems.push(warning(block.line, `the words ${quote(drop.text)} are removed ${where} with the raw HTML around them`));
      }
    }
  }
  return capped(problems);
}
