/**
 * Tag and category names → the ids WordPress takes (it refuses or silently drops names).
 * Tags: looked up by slug, created when missing; `term_exists` (someone made it meanwhile,
 * or a slug we guessed differently) answers with the id. Categories must already exist.
 */
import { ChannelError } from '../../errors.js';
import type { WordPressSession } from './client.js';
import { wordpressSlug } from './slug.js';

interface Term {
  id: number;
  name: string;
  slug: string;
}

/** `&amp;` and friends back to characters: WordPress returns term names HTML-escaped. */
function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The id of one tag, created when the site does not have it; asked once per run. */
export function tagId(session: WordPressSession, name: string): Promise<number> {
  return session.remember(`tag:${wordpressSlug(name) || name}`, () => findOrCreateTag(session, name));
}

async function findOrCreateTag(session: WordPressSession, name: string): Promise<number> {
  const slug = wordpressSlug(name);
  if (slug) {
    const found = await session.call<Term[]>(`look up tag "${name}"`, {
      route: '/wp/v2/tags',
      query: { slug, _fields: 'id,name,slug' },
    });
    const first = Array.isArray(found.data) ? found.data[0] : undefined;
    if (first) return first.id;
  }
  const created = await session.call<Term & { code?: string; data?: { term_id?: number } }>(`create tag "${name}"`, {
    method: 'POST',
    route: '/wp/v2/tags',
    json: { name },
    accept: (status, body) => status === 400 && body.code === 'term_exists' && typeof body.data?.term_id === 'number',
  });
  const id = created.status === 400 ? created.data.data?.term_id : created.data.id;
  if (typeof id !== 'number') {
    throw new ChannelError(session.errorContext('').channel, 'bad_answer', `WordPress answered tag "${name}" without an id`);
  }
  return id;
}

/** Ids of the article's tags, in order, without repeats. */
export async function tagIds(session: WordPressSession, names: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  // One at a time: a burst of term creations is what makes shared hosts answer 429/503.
  for (const name of names) {
    const id = await tagId(session, name);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Ids of the configured categories; a category the site lacks is an error naming it. */
export async function categoryIds(session: WordPressSession, names: readonly string[], site: string): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const wanted = name.trim().toLocaleLowerCase();
    const slug = wordpressSlug(name);
    const found = await session.call<Term[]>(`look up category "${name}"`, {
      route: '/wp/v2/categories',
      query: { search: name, per_page: '100', _fields: 'id,name,slug' },
    });
    const list = Array.isArray(found.data) ? found.data : [];
    const match =
      list.find((c) => decodeEntities(c.name).trim().toLocaleLowerCase() === wanted) ??
      list.find((c) => c.slug === slug);
    if (!match) {
      throw new ChannelError(
        session.errorContext('').channel,
        'missing_category',
        `category "${name}" does not exist on ${site}: create it under Posts → Categories, or fix categories in channels.yaml`,
      );
    }
    if (!ids.includes(match.id)) ids.push(match.id);
  }
  return ids;
}
