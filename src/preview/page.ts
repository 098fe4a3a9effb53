import { mediaRoots } from '../article/media-file.js';
import type { Article } from '../article/types.js';
import type { Config } from '../config/types.js';
import type { ArticleResult } from '../engine/result.js';
import { overFields, platformName, renderCard } from './card.js';
import { attr, esc, idFor } from '../card/html.js';
import { mediaDataUri } from '../card/media.js';
import { PREVIEW_CSS } from './styles.js';

/** What the preview page is made of. */
export interface PreviewPageInput {
  article: Article;
  /** The article's dry-run result (`dryRun(...).articles[0]`). */
  result: ArticleResult;
  config: Config;
  /** When the page is made. */
  now: Date;
}

// The page must never reach the network: only inline styles and data: images, no scripts.
const CSP = "default-src 'none'; img-src data:; media-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";

function summary(result: ArticleResult): string {
  const count = (s: string) => result.results.filter((r) => r.status === s).length;
  const parts = [
    [count('valid'), 'ready', 'valid'],
    [count('invalid'), 'with problems', 'invalid'],
    [count('skipped'), 'skipped', 'skipped'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, words, status]) => `<span class="pill pill--${status}" data-count="${status}">${n} ${words}</span>`)
    .join(' ');
}

function nav(result: ArticleResult): string {
  return `<nav class="toc">${result.results
    .map((r) => `<a href="#card-${attr(idFor(r.channel))}" class="toc__item toc__item--${attr(r.status)}"><i></i>${esc(r.channel)} <small>${esc(platformName(r.type))}</small></a>`)
    .join('')}</nav>`;
}

/**
 * What cleaning took out of the article, struck through, so an editor sees at a glance what
 * went and why (empty when nothing was dropped).
 */
function removed(article: Article): string {
  if (article.dropped.length === 0) return '';
  const n = article.dropped.length;
  const items = article.dropped
    .map((d) => `<li data-line="${d.line}" data-reason="${attr(d.reason)}"><span class="removed__why">line ${d.line} · ${esc(d.reason)}</span><del>${esc(d.text)}</del></li>`)
    .join('\n');
  return `<section class="removed" data-removed="${n}">
<h2>Removed <small>${n} paragraph${n === 1 ? '' : 's'} recognised as boilerplate: in no channel's post</small></h2>
<ol class="removed__list">
${items}
</ol>
</section>
`;
}

/**
 * The whole preview: one self-contained HTML page (inline CSS, images as data: URIs, no
 * script, a CSP that forbids any request) with one card per channel.
 */
export function buildPreviewPage(input: PreviewPageInput): string {
  const { article, result, config, now } = input;
  const roots = mediaRoots(article.dir, config.mediaRoot);
  const cover = mediaDataUri(article.image, roots);
  const cards = result.results.map((r) =>
    renderCard({
      result: r,
      article,
      channel: config.channels.find((c) => c.name === r.channel),
      cover,
      mediaRoots: roots,
      overFields: overFields(r.measures),
      linkPredicted: result.linkPredicted === true,
      now,
    }),
  );
  const link = article.url
    ? `<a href="${attr(article.url)}">${esc(article.url)}</a>`
    : result.linkPredicted
      ? '<span class="stand-in" data-link-predicted="true">the link in the posts is a stand-in: the website gives the real one when it publishes</span>'
      : '<span class="stand-in">no link: the article has no <code>url:</code> and no website channel</span>';
  const lang = article.language ? ` lang="${attr(article.language)}"` : '';
  return `<!doctype html>
<html${lang}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${attr(CSP)}">
<meta name="generator" content="publish preview">
<title>Preview: ${esc(article.title)}</title>
<style>${PREVIEW_CSS}</style>
</head>
<body>
<header class="page-head" data-article="${attr(article.id)}">
<div class="page-head__kicker">publish preview · ${esc(now.toISOString().slice(0, 16).replace('T', ' '))} UTC</div>
<h1>${esc(article.title)}</h1>
<div class="page-head__meta"><code>${esc(article.source)}</code> · id <code>${esc(article.id)}</code>${article.language ? ` · ${esc(article.language)}` : ''} · ${link}</div>
<div class="page-head__summary">${summary(result)}</div>
${nav(result)}
</header>
${removed(article)}<main class="cards">
${cards.join('\n')}
</main>
<footer class="page-foot">Each card shows the exact text <code>publish --dry-run</code> would send, with its size against the platform's limit.
Link previews, titles kept from the video and the page look are approximations. Nothing on this page loads from the network.</footer>
</body>
</html>
`;
}
