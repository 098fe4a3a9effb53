/** The Telegram post of an article, and the rules it must keep: pure, no I/O. */
import type { Article } from '../../article/types.js';
import { escapeHtml } from '../../text/escape.js';
import { TELEGRAM_INLINE } from '../../text/inline-markdown.js';
import { telegramVisibleLength } from '../../text/measure.js';
import { TELEGRAM_RICH } from '../../text/rich.js';
import { checkTelegramHtml } from '../../text/check-telegram-html.js';
import { hashtagProblems, layoutText, layoutValues, limitProblem, sections, type LayoutValues } from '../layout.js';
import { textMarkupProblems } from '../markup.js';
import type { Measure, Post, Problem, RenderContext } from '../types.js';
import { CAPTION_LIMIT, TEXT_LIMIT, type TelegramOptions, type TelegramOutput } from './options.js';

/** Hashtags a post shows unless `hashtags:` says otherwise (DESIGN "Hashtags"). */
const HASHTAGS = 5;

const layout = (v: LayoutValues): string =>
  sections(v.title ? `<b>${v.title}</b>` : '', v.lead, v.body, v.url, v.hashtags);

/**
 * The post's text fitted to `limit`: title, lead, as much of the body as fits (cut at a
 * sentence, else a word, with "…"), link and hashtags; or the editor's override.
 */
function fittedText(article: Article, channel: RenderContext<TelegramOptions>['channel'], link: string | undefined, limit: number): string {
  const values = layoutValues(article, channel, link, HASHTAGS);
  return layoutText(article, channel, values, { escape: escapeHtml, inline: TELEGRAM_INLINE, rich: TELEGRAM_RICH, measure: telegramVisibleLength, build: layout, limit }).text;
}

/**
 * The text of a long post (up to 4096), as the second message of a post made before one
 * article became one message: `--update` keeps such a message current when Telegram no
 * longer lets it be deleted (after 48 hours).
 */
export function telegramLongText(article: Article, channel: RenderContext<TelegramOptions>['channel'], link: string | undefined): string {
  return fittedText(article, channel, link, TEXT_LIMIT);
}

export function render(article: Article, ctx: RenderContext<TelegramOptions>): Post<TelegramOutput> {
  const { channel, link } = ctx;
  const photo = channel.options.photo === 'caption' ? article.image?.ref : undefined;
  const limit = photo === undefined ? TEXT_LIMIT : CAPTION_LIMIT;
  const output: TelegramOutput = { text: fittedText(article, channel, link, limit), parse_mode: 'HTML' };
  if (photo !== undefined) output.photo = photo;
  const measures: Measure[] = [{ field: 'text', used: telegramVisibleLength(output.text), limit, unit: 'UTF-16 units' }];
  const problems = [...textMarkupProblems(article, channel.name, 'on Telegram', { body: true }), ...hashtagProblems(article, channel, HASHTAGS)];
  return { channel: channel.name, type: 'telegram', output, measures, problems };
}

export function check(post: Post<TelegramOutput>, ctx: RenderContext<TelegramOptions>): Problem[] {
  const problems: Problem[] = [];
  const photo = post.output.photo !== undefined;
  for (const m of post.measures) {
    for (const p of limitProblem(m, photo ? 'the photo caption' : 'the text')) {
      problems.push(photo ? { ...p, message: `${p.message} (or send the text without the photo: photo: none)` } : p);
    }
  }
  if (!photo && telegramVisibleLength(post.output.text) === 0) {
    problems.push({ severity: 'error', code: 'empty', message: 'the text is empty: Telegram refuses an empty message' });
  }
  for (const p of checkTelegramHtml(post.output.text)) problems.push({ severity: 'error', ...p, message: `text: ${p.message}` });
  if (!ctx.link) {
    problems.push({ severity: 'warning', code: 'no_link', message: 'no link to the story: set `url:` in the article or configure a website channel' });
  }
  return problems;
}
