/** The YouTube description (and title, tags) of an article, and the rules it keeps: pure, no I/O. */
import type { Article } from '../../article/types.js';
import { youtubeSafe } from '../../text/escape.js';
import { youtubeTagsLength } from '../../text/hashtags.js';
import { utf16Length, utf8Bytes } from '../../text/measure.js';
import { hashtagProblems, layoutText, layoutValues, limitProblem, sections, type LayoutValues } from '../layout.js';
import { textMarkupProblems } from '../markup.js';
import type { Measure, Post, Problem, RenderContext } from '../types.js';
import { DESCRIPTION_BYTES, LINK_WITHIN, TAGS_LIMIT, TITLE_LIMIT, type YouTubeOptions, type YouTubeOutput } from './options.js';
import { fitYouTubeTags } from './tags.js';

/** Hashtags a description shows unless `hashtags:` says otherwise (DESIGN "Hashtags"). */
const HASHTAGS = 15;

// The link first, so it stays above the fold whatever the lead's length.
const layout = (v: LayoutValues): string => sections(v.url, v.lead, v.body, v.hashtags);

export function render(article: Article, ctx: RenderContext<YouTubeOptions>): Post<YouTubeOutput> {
  const { channel, link } = ctx;
  const values = layoutValues(article, channel, link, HASHTAGS);
  const fitted = layoutText(article, channel, values, {
    build: layout,
    escape: youtubeSafe,
    measure: utf8Bytes,
    limit: DESCRIPTION_BYTES,
  });
  const output: YouTubeOutput = { video_id: article.youtube ?? '', description: fitted.text };
  if (channel.options.title !== undefined) {
    output.title = youtubeSafe(channel.options.title.replace(/\{title\}/g, article.title)).trim();
  }
  if (channel.options.tags !== undefined) output.tags = fitYouTubeTags(article.tags);
  const measures: Measure[] = [
    { field: 'description', used: utf8Bytes(output.description), limit: DESCRIPTION_BYTES, unit: 'UTF-8 bytes' },
  ];
  if (output.title !== undefined) {
    measures.push({ field: 'title', used: utf16Length(output.title), limit: TITLE_LIMIT, unit: 'characters' });
  }
  if (output.tags !== undefined) {
    measures.push({ field: 'tags', used: youtubeTagsLength(output.tags), limit: TAGS_LIMIT, unit: 'characters' });
  }
  return { channel: channel.name, type: 'youtube', output, measures, problems: [...textMarkupProblems(article, channel.name, 'on YouTube', { body: true }), ...hashtagProblems(article, channel, HASHTAGS)] };
}

export function check(post: Post<YouTubeOutput>, ctx: RenderContext<YouTubeOptions>): Problem[] {
  const problems: Problem[] = [];
  for (const m of post.measures) {
    for (const p of limitProblem(m, `the ${m.field}`)) problems.push(m.field === 'tags' ? { ...p, cause: { article: 'tags' } } : p);
  }
  const { description, title } = post.output;
  for (const [field, text] of [['description', description], ['title', title]] as const) {
    if (text !== undefined && /[<>]/.test(text)) {
      problems.push({ severity: 'error', code: 'angle_brackets', message: `the ${field} contains < or >, which YouTube refuses`, ...(field === 'title' ? { cause: { article: 'title' } } : {}) });
    }
  }
  if (title !== undefined && title.trim() === '') {
    problems.push({ severity: 'error', code: 'empty', message: 'the title is empty: YouTube requires one' });
  }
  if (ctx.link) {
    const at = description.indexOf(ctx.link);
    if (at < 0 || at + ctx.link.length > LINK_WITHIN) {
      problems.push({
        severity: 'warning',
        code: 'link_below_fold',
        message: `the link is not within the first ${LINK_WITHIN} characters, so viewers see it only after "Show more"`,
      });
    }
  } else {
    problems.push({ severity: 'warning', code: 'no_link', message: 'no link to the story: set `url:` in the article or configure a website channel' });
  }
  return problems;
}
