/**
 * Where a problem comes from (docs/ARCHITECTURE.md, "Where a problem comes from"): the
 * channel may name a cause (`Problem.cause`); else the problem's code says what usually
 * causes it. The cause becomes a file position: the article's front matter key or the
 * paragraph its title and lead were taken from, a line of the article, or the channel's key
 * in channels.yaml. Pure.
 */
import type { Article, Place } from '../article/types.js';
import type { Problem, ProblemCause, SourcePosition } from '../channels/types.js';
import type { ChannelConfig, Config } from '../config/types.js';

/** What usually causes a problem with this code, for channels that name no cause. */
export function defaultCause(problem: Problem, article: Article, channel: ChannelConfig): ProblemCause | undefined {
  // The editor's override text, then the channel's template, replace the type's layout: they are the text.
  const text = (fallback: 'title' | 'lead'): ProblemCause =>
    article.overrides[channel.name]?.text !== undefined ? { article: 'override' }
      : channel.template !== undefined ? { option: 'template' }
        : { article: fallback };
  switch (problem.code) {
    // The body and lead are cut to fit; what cannot be cut is the title (and the link and hashtags).
    case 'too_long': case 'empty': return text('title');
    case 'link_in_caption': case 'link_below_fold': return text('lead');
    case 'bad_html_tag': case 'bad_html_nesting': case 'bad_html_entity': return text('title');
    case 'no_link': return { article: 'url' };
    case 'bad_slug': return { article: 'slug' };
    default: return undefined;
  }
}

/** The file position of `cause`, when the article or channels.yaml says where it is. */
export function locateCause(cause: ProblemCause, article: Article, channel: ChannelConfig, config: Config): SourcePosition | undefined {
  const file = article.source;
  const at = (place: Place | undefined): SourcePosition | undefined => (place === undefined ? undefined : { file, line: place.line, column: place.column });
  if ('line' in cause) return { file, line: cause.line, column: 1 };
  if ('option' in cause) {
    const position = config.locate?.(['channels', channel.name, cause.option]);
    return position === undefined ? undefined : { file: config.file, line: position.line, column: position.col };
  }
  const places = article.places;
  switch (cause.article) {
    case 'title': return at(places?.title);
    case 'lead': return at(places?.lead ?? places?.title);
    case 'override': return at(places?.keys[`channels.${channel.name}`] ?? places?.keys.channels);
    default: return at(places?.keys[cause.article]);
  }
}

/**
 * The problem as results carry it: `source` set (the article's first line when nothing
 * better is known), `cause` left out.
 */
export function withSource(problem: Problem, article: Article, channel: ChannelConfig, config: Config): Problem {
  const { cause: given, source: known, ...rest } = problem;
  const cause = given ?? defaultCause(problem, article, channel);
  const source = known ?? (cause === undefined ? undefined : locateCause(cause, article, channel, config)) ?? { file: article.source, line: 1, column: 1 };
  return { ...rest, source };
}
