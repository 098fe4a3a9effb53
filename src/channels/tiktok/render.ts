/** The TikTok caption of an article, and the rules it must keep: pure, no I/O. */
import type { Article } from '../../article/types.js';
import { utf16Length } from '../../text/measure.js';
import { hashtagProblems, layoutText, layoutValues, limitProblem, sections, type LayoutValues } from '../layout.js';
import { textMarkupProblems } from '../markup.js';
import type { Post, Problem, RenderContext } from '../types.js';
import { CAPTION_LIMIT, type TikTokOptions, type TikTokOutput } from './options.js';

/** Hashtags a caption shows unless `hashtags:` says otherwise (DESIGN "Hashtags"). */
const HASHTAGS = 8;

// No link: links in captions are not clickable on TikTok.
const layout = (v: LayoutValues): string => sections(v.title, v.lead, v.hashtags);

export function render(article: Article, ctx: RenderContext<TikTokOptions>): Post<TikTokOutput> {
  const { channel } = ctx;
  const values = layoutValues(article, channel, undefined, HASHTAGS);
  const fitted = layoutText(article, channel, values, {
    build: layout,
    escape: (s) => s,
    measure: utf16Length,
    limit: CAPTION_LIMIT,
    elastic: ['lead'],
  });
  const output: TikTokOutput = {
    caption: fitted.text,
    privacy_level: channel.options.privacy_level,
    video: article.video?.ref ?? '',
  };
  return {
    channel: channel.name,
    type: 'tiktok',
    output,
    measures: [{ field: 'caption', used: utf16Length(output.caption), limit: CAPTION_LIMIT, unit: 'UTF-16 units' }],
    // The caption has no body: only the title's and lead's raw HTML matter here.
    problems: [...textMarkupProblems(article, channel.name, 'on TikTok', { body: false }), ...hashtagProblems(article, channel, HASHTAGS)],
  };
}

export function check(post: Post<TikTokOutput>): Problem[] {
  const problems: Problem[] = [];
  for (const m of post.measures) problems.push(...limitProblem(m, 'the caption'));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(post.output.video)) {
    // The send refuses it too (deliver.ts): the dry-run must not call it valid.
    problems.push({ severity: 'error', code: 'remote_video', message: `TikTok takes the clip as a file upload, not a web address: download ${post.output.video} and set \`video:\` to the local file`, cause: { article: 'video' } });
  }
  if (/https?:\/\//.test(post.output.caption)) {
    problems.push({ severity: 'warning', code: 'link_in_caption', message: 'the caption contains a link, which is not clickable on TikTok' });
  }
  return problems;
}
