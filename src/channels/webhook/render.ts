/** The webhook's JSON document for an article, and the rules it must keep: pure, no I/O. */
import type { Article } from '../../article/types.js';
import { utf16Length } from '../../text/measure.js';
import { layoutText, layoutValues, sections, type LayoutValues } from '../layout.js';
import { textMarkupProblems } from '../markup.js';
import type { Post, Problem, RenderContext } from '../types.js';
import type { WebhookOptions, WebhookOutput } from './options.js';

/** Hashtags the text shows unless `hashtags:` says otherwise. */
const HASHTAGS = 8;

const layout = (v: LayoutValues): string => sections(v.title, v.lead, v.body, v.url, v.hashtags);

export function render(article: Article, ctx: RenderContext<WebhookOptions>): Post<WebhookOutput> {
  const values = layoutValues(article, ctx.channel, ctx.link, HASHTAGS);
  const { text } = layoutText(article, ctx.channel, values, {
    build: layout,
    escape: (s) => s,
    measure: utf16Length,
    limit: ctx.channel.options.max_length,
  });
  const output: WebhookOutput = {
    article: {
      id: article.id,
      title: article.title,
      lead: article.lead,
      tags: [...article.tags],
      language: article.language ?? null,
      url: ctx.link ?? null,
    },
    text,
    link: ctx.link ?? null,
  };
  return {
    channel: ctx.channel.name,
    type: 'webhook',
    output,
    measures: [{ field: 'text', used: utf16Length(text), limit: ctx.channel.options.max_length, unit: 'UTF-16 units' }],
    problems: textMarkupProblems(article, ctx.channel.name, 'in the webhook text', { body: true }),
  };
}

export function check(post: Post<WebhookOutput>): Problem[] {
  const m = post.measures[0];
  if (m && m.used > m.limit) {
    return [{ severity: 'error', code: 'too_long', message: `the text is ${m.used} ${m.unit}, over max_length ${m.limit}`, cause: { option: 'max_length' } }];
  }
  return [];
}
