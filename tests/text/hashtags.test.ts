import { describe, expect, it } from 'vitest';
import { hashtagFromTag, hashtagsFromTags, youtubeTagsLength } from '../../src/text/hashtags.js';

describe('hashtagsFromTags', () => {
  it('makes hashtags in the article order', () => {
    expect(hashtagsFromTags(['Ukraine', 'peace talks', 'Київ'], 5)).toEqual(['#Ukraine', '#peaceTalks', '#Київ']);
  });

  it('keeps a one-word tag exactly as the editor wrote it: no capitalising', () => {
    expect(hashtagsFromTags(['breaking', 'NATO', 'iPhone', 'Київ', 'ukraine'], 5)).toEqual(['#breaking', '#NATO', '#iPhone', '#Київ', '#ukraine']);
  });

  it('joins multi-word tags in CamelCase: the first word as written, later words capitalised where they join', () => {
    expect(hashtagsFromTags(['Black Sea'], 5)).toEqual(['#BlackSea']);
    expect(hashtagsFromTags(['NATO summit'], 5)).toEqual(['#NATOSummit']);
    expect(hashtagsFromTags(['iPhone sales'], 5)).toEqual(['#iPhoneSales']);
    expect(hashtagsFromTags(['  peace   talks  '], 5)).toEqual(['#peaceTalks']);
    expect(hashtagsFromTags(['Peace talks'], 5)).toEqual(['#PeaceTalks']);
  });

  it('handles Cyrillic and other scripts', () => {
    expect(hashtagsFromTags(['Україна', 'мирні переговори'], 5)).toEqual(['#Україна', '#мирніПереговори']);
    expect(hashtagsFromTags(['İstanbul görüşmeleri', 'ελλάδα'], 5)).toEqual(['#İstanbulGörüşmeleri', '#ελλάδα']);
    expect(hashtagsFromTags(['東京'], 5)).toEqual(['#東京']);
  });

  it('keeps combining marks and composes decomposed letters', () => {
    expect(hashtagsFromTags(['Киі\u0308в'], 5)).toEqual(['#Київ']);
  });

  it('drops punctuation: hyphens split words, apostrophes and dots join', () => {
    expect(hashtagsFromTags(['Kyiv-Mohyla'], 5)).toEqual(['#KyivMohyla']);
    expect(hashtagsFromTags(["Ukraine's"], 5)).toEqual(['#Ukraines']);
    expect(hashtagsFromTags(['Ukraine’s'], 5)).toEqual(['#Ukraines']);
    expect(hashtagsFromTags(['U.S. elections'], 5)).toEqual(['#USElections']);
    expect(hashtagsFromTags(['COVID-19'], 5)).toEqual(['#COVID19']);
    expect(hashtagsFromTags(['#already', 'rock & roll', 'a/b_c'], 5)).toEqual(['#already', '#rockRoll', '#aBC']);
  });

  it('drops tags that become empty or digits only', () => {
    expect(hashtagsFromTags(['2024', '!!!', '', '   ', '1-2', 'G7'], 5)).toEqual(['#G7']);
  });

  it('deduplicates case-insensitively after building, first spelling wins', () => {
    expect(hashtagsFromTags(['Ukraine', 'ukraine', 'UKRAINE'], 5)).toEqual(['#Ukraine']);
    expect(hashtagsFromTags(['peace talks', 'Peace-Talks', 'PeaceTalks'], 5)).toEqual(['#peaceTalks']);
    expect(hashtagsFromTags(['breaking', 'Breaking'], 5)).toEqual(['#breaking']);
    expect(hashtagsFromTags(['київ', 'Київ'], 5)).toEqual(['#київ']);
  });

  it('returns at most max, the first distinct ones, never reordered', () => {
    const tags = ['a1', 'A1', 'b2', 'c3', 'd4', 'e5', 'f6'];
    expect(hashtagsFromTags(tags, 3)).toEqual(['#a1', '#b2', '#c3']);
    expect(hashtagsFromTags(tags, 0)).toEqual([]);
    expect(hashtagsFromTags(tags, -1)).toEqual([]);
    expect(hashtagsFromTags(tags, 100)).toHaveLength(6);
    expect(hashtagsFromTags(tags, Number.POSITIVE_INFINITY)).toHaveLength(6);
  });

  it('exposes the single-tag conversion', () => {
    expect(hashtagFromTag('black sea')).toBe('#blackSea');
    expect(hashtagFromTag('42')).toBeUndefined();
  });
});

describe('youtubeTagsLength', () => {
  it('adds commas between tags', () => {
    expect(youtubeTagsLength(['Ukraine', 'Russia'])).toBe(7 + 6 + 1);
  });

  it('adds 2 for a tag containing a space (YouTube quotes it)', () => {
    expect(youtubeTagsLength(['peace talks'])).toBe(11 + 2);
    expect(youtubeTagsLength(['peace talks', 'Istanbul', 'Black Sea'])).toBe(13 + 8 + 11 + 2);
  });

  it('is 0 for no tags and the length for one', () => {
    expect(youtubeTagsLength([])).toBe(0);
    expect(youtubeTagsLength(['Київ'])).toBe(4);
  });
});
