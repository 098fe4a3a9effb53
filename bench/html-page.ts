/**
 * A dry-run of a 200 KB published page (a WordPress theme's page with its styles, scripts,
 * menus, share buttons, related stories, comments and footer around a 30-paragraph story),
 * against a dry-run of the same story as Markdown, interleaved so load affects both alike.
 * Goal (issue 18): at most 150 ms more.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, median, timeCommand, type Figure } from './util.js';

const PARAGRAPH = (i: number) =>
  `The delegations met in the Dolmabahçe Palace on the Bosphorus for the ${i + 1}th session, and <a href="https://babel.example.org/en/live/${i}/">the live blog</a> followed it. ` +
  `Officials described the mood as <em>tense</em> but <strong>workmanlike</strong>; neither side shook hands &mdash; and the talks ended before dark.`;

/** A page of about `kb` KB around a story of `paragraphs` paragraphs, and the story as Markdown. */
export function bigPage(kb = 200, paragraphs = 30): { html: string; markdown: string } {
  const css = Array.from({ length: 400 }, (_, i) => `.wp-block-${i} .has-text-color{color:var(--wp--preset--color--c${i});margin:0 0 1.5em}`).join('\n');
  const svg = '<svg viewBox="0 0 24 24" width="24" height="24"><path d="M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2zm0 18c-4.4 0-8-3.6-8-8s3.6-8 8-8 8 3.6 8 8-3.6 8-8 8z"></path></svg>';
  const menu = Array.from({ length: 60 }, (_, i) => `<li class="menu-item menu-item-type-taxonomy menu-item-${1000 + i}"><a href="https://babel.example.org/en/section-${i}/">Section ${i}</a>${i % 6 === 0 ? `<ul class="sub-menu">${Array.from({ length: 5 }, (_, j) => `<li class="menu-item"><a href="/en/section-${i}/${j}/">Topic ${j}</a></li>`).join('')}</ul>` : ''}</li>`).join('\n');
  const story: string[] = [];
  const md: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    story.push(`<p>${PARAGRAPH(i)}</p>`);
    md.push(`The delegations met in the Dolmabahçe Palace on the Bosphorus for the ${i + 1}th session, and [the live blog](https://babel.example.org/en/live/${i}/) followed it. Officials described the mood as *tense* but **workmanlike**; neither side shook hands — and the talks ended before dark.`);
    if (i % 10 === 4) {
      story.push(`<h2>Part ${i}</h2>`);
      md.push(`## Part ${i}`);
    }
  }
  const related = Array.from({ length: 6 }, (_, i) => `<div class="related-post"><a href="/en/story-${i}/"><img src="/wp-content/uploads/thumb-${i}.jpg" alt="" width="300" height="200"></a><h3><a href="/en/story-${i}/">Another story number ${i} with a long headline</a></h3><p class="excerpt">A short excerpt of the other story number ${i}, two lines long, as themes show them under related posts.</p></div>`).join('\n');
  const comment = (i: number) => `<li id="comment-${i}" class="comment even thread-even depth-1"><article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><img alt="" src="https://secure.gravatar.com/avatar/${i}?s=48" class="avatar" height="48" width="48"><b class="fn">Reader ${i}</b></div><div class="comment-metadata"><a href="#comment-${i}"><time datetime="2025-05-16T19:${String(i % 60).padStart(2, '0')}:00+03:00">May 16, 2025 at 7:${i % 60} pm</time></a></div></footer><div class="comment-content"><p>Comment ${i}: I have been following these talks from the beginning and I think this is the most important thing that happened this year.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-${i}">Reply</a></div></article></li>`;
  const head = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Istanbul talks: a long day at the palace – Babel</title>
<link rel="canonical" href="https://babel.example.org/en/istanbul-talks/">
<meta property="og:locale" content="en_US"><meta property="og:type" content="article">
<meta property="og:title" content="Istanbul talks: a long day at the palace">
<meta property="og:description" content="Thirty sessions, no ceasefire, and a promise to meet again.">
<meta property="og:url" content="https://babel.example.org/en/istanbul-talks/">
<meta property="og:site_name" content="Babel">
<meta property="og:image" content="https://babel.example.org/wp-content/uploads/cover.jpg">
<meta property="article:tag" content="Ukraine"><meta property="article:tag" content="Istanbul">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@graph': Array.from({ length: 20 }, (_, i) => ({ '@type': 'Thing', name: `node ${i}`, url: `https://babel.example.org/${i}` })) })}</script>
<style id="global-styles-inline-css">${css}</style>
<script>${'window.wp=window.wp||{};wp.i18n=wp.i18n||{};'.repeat(150)}</script>
</head>
<body class="post-template-default single single-post postid-1234 single-format-standard">
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding"><a href="/">${svg}Babel</a></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">${menu}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-1234" class="post-1234 post type-post status-publish format-standard has-post-thumbnail hentry">
<header class="entry-header"><h1 class="entry-title">Istanbul talks: a long day at the palace</h1><div class="entry-meta"><span class="byline">By <a href="/author/staff/">Babel staff</a></span></div></header>
<div class="entry-content">
${story.join('\n')}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>${['Facebook', 'X', 'Telegram', 'WhatsApp'].map((n) => `<li><a class="share-${n.toLowerCase()}" href="#">${svg}<span>${n}</span></a></li>`).join('')}</ul></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tags: <a href="/tag/ukraine/" rel="tag">Ukraine</a>, <a href="/tag/istanbul/" rel="tag">Istanbul</a></span></footer>
</article>
<div class="related-posts"><h2>Related</h2>${related}</div>
<div id="comments" class="comments-area"><h2 class="comments-title">Comments</h2><ol class="comment-list">`;
  const tail = `</ol></div></main><aside id="secondary" class="widget-area">${Array.from({ length: 10 }, (_, i) => `<section class="widget"><h2 class="widget-title">Widget ${i}</h2><ul><li><a href="/w/${i}">Link ${i}</a></li></ul></section>`).join('')}</aside></div>
<footer id="colophon" class="site-footer">${svg.repeat(6)}<p>© Babel 2025. All rights reserved.</p></footer></div>
<script>${'(function(){var a=document.querySelectorAll(".x");for(var i=0;i<a.length;i++){a[i].addEventListener("click",function(){})}})();\n'.repeat(120)}</script>
</body></html>`;
  let html = head;
  for (let i = 0; html.length + tail.length < kb * 1000; i++) html += comment(i);
  html += tail;
  const markdown = `---
title: "Istanbul talks: a long day at the palace"
lead: Thirty sessions, no ceasefire, and a promise to meet again.
url: https://babel.example.org/en/istanbul-talks/
slug: istanbul-talks
tags: [Ukraine, Istanbul]
language: en
image: https://babel.example.org/wp-content/uploads/cover.jpg
---

${md.join('\n\n')}
`;
  return { html, markdown };
}

/** The 200 KB page's dry-run against its Markdown twin's. */
export async function htmlPageDryRun(runs = 15): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-html-'));
  const { html, markdown } = bigPage();
  writeFileSync(join(dir, 'channels.yaml'), 'language: en\nchannels:\n  site:\n    type: wordpress\n    url: https://babel.example.org\n  telegram:\n    type: telegram\n    chat: "@babel"\n');
  writeFileSync(join(dir, 'story.html'), html);
  writeFileSync(join(dir, 'story.md'), markdown);
  const md: number[] = [];
  const page: number[] = [];
  for (const file of ['story.md', 'story.html']) await timeCommand(process.execPath, [BIN, '--dry-run', file], { cwd: dir }); // warm the file cache
  for (let i = 0; i < runs; i++) {
    const a = await timeCommand(process.execPath, [BIN, '--dry-run', 'story.md'], { cwd: dir });
    const b = await timeCommand(process.execPath, [BIN, '--dry-run', 'story.html'], { cwd: dir });
    if (a.code !== 0 || b.code !== 0) throw new Error(`dry-run failed: ${a.stderr}${b.stderr}`.slice(0, 500));
    md.push(a.ms);
    page.push(b.ms);
  }
  const extra = median(page) - median(md);
  return {
    name: `dry-run of a ${Math.round(html.length / 1000)} KB page, over its Markdown twin`,
    value: Math.round(extra),
    unit: 'ms',
    goal: '≤ 150 ms',
    ok: extra <= 150,
    note: `median ${median(page).toFixed(0)} ms vs ${median(md).toFixed(0)} ms`,
  };
}
