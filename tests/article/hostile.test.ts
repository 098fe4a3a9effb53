/**
 * Articles written to hurt or by mistake: control characters (raw, or as YAML escapes),
 * alias bombs in front matter, overrides for channels that do not exist.
 */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/index.js';
import type { ParseOptions } from '../../src/article/index.js';
import { expectArticleError } from './expect-error.js';

const none: ParseOptions = { strip: [], defaultLanguage: undefined };
const md = (text: string | Buffer, opts: ParseOptions = none, source = 'stories/x.md') => parseArticle({ source, text, dir: '/news/stories' }, opts);

describe('control characters', () => {
  it('are removed from the title, lead, tags, overrides and body, tab and line feed kept', () => {
    const a = md(
      [
        '---',
        'title: "Bell\\a, escape \\x1b[31mred\\x1b[0m, DEL\\x7f, CSI\\u009b, tab\\tkept"',
        'lead: "Next\\u0085line, form\\ffeed"',
        'tags: ["Kyiv\\a", "\\x1b"]',
        'channels: { tg: { text: "Read\\a {url}" } }',
        '---',
        '',
        'Raw \x07bell and \x1b[1mescape\x1b[0m in the body.',
        '',
      ].join('\n'),
    );
    expect(a.title).toBe('Bell, escape [31mred[0m, DEL, CSI, tab\tkept');
    expect(a.lead).toBe('Next\nline, form\nfeed');
    expect(a.tags).toEqual(['Kyiv']);
    expect(a.overrides.tg?.text).toBe('Read {url}');
    expect(a.body[0]?.text).toBe('Raw bell and [1mescape[0m in the body.');
    expect(JSON.stringify(a)).not.toMatch(/\\u00(0[0-8bcdef]|1[0-9a-f]|7f|8[0-9a-f]|9[0-9a-f])/i);
  });

  it('NUL is refused with its line, whether written raw or as a YAML escape', () => {
    expectArticleError(() => md('---\ntitle: "A \\0 title"\n---\nBody.\n'), 'stories/x.md', /^stories\/x\.md:2:8: front matter title: contains a NUL character/, 'remove it');
    expectArticleError(() => md('---\ntags: [ok, "b\\x00d"]\n---\nBody.\n'), 'stories/x.md', /^stories\/x\.md:2:\d+: front matter tags: contains a NUL character/);
    expectArticleError(() => md('---\nchannels: { tg: { text: "x\\0" } }\n---\nBody.\n'), 'stories/x.md', /^stories\/x\.md:2:\d+: front matter channels: contains a NUL character/);
    expectArticleError(() => md('Title\n\nLead\n\nBody \u0000 here.\n'), 'stories/x.md', /^stories\/x\.md:5: contains a NUL character: remove it/);
  });
});

describe('front matter alias bombs', () => {
  it('are one line at the first alias, not a crash', () => {
    const bomb = [
      '---',
      'title: Hello',
      'tags: [&a [x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a], &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], [*c, *c, *c, *c, *c, *c, *c, *c, *c]]',
      '---',
      'Body.',
    ].join('\n');
    expectArticleError(() => md(bomb), 'stories/x.md', /^stories\/x\.md:3:\d+: front matter: these aliases \(\*name\) expand to too many copies/);
  });

  it('a value the wrong shape is shown short, however big', () => {
    const e = expectArticleError(() => md(`---\nlead: [${Array.from({ length: 500 }, () => 'word').join(', ')}]\n---\nBody.\n`), 'stories/x.md', 'must be text, not a list');
    expect(e.message.length).toBeLessThan(200);
  });
});

describe('overrides for channels channels.yaml does not have', () => {
  const channels = ['site', 'telegram', 'tiktok'];
  it('a near miss is an error that suggests the channel', () => {
    expectArticleError(
      () => md('---\ntitle: T\nchannels: { telegrm: { skip: true } }\n---\nBody.\n', { ...none, channels }),
      'stories/x.md',
      'stories/x.md:3:13: front matter channels: telegrm: no channel "telegrm" in channels.yaml: did you mean telegram? (the channels are: site, telegram, tiktok)',
    );
  });

  it('another name is a warning with its line, and the article is read', () => {
    const warnings: string[] = [];
    const a = md('---\ntitle: T\nchannels:\n  instagram: { skip: true }\n  tiktok: { skip: true }\n---\nBody.\n', { ...none, channels, warn: (w) => warnings.push(w) });
    expect(a.overrides.tiktok?.skip).toBe(true);
    expect(warnings).toEqual(['stories/x.md:4:3: front matter channels.instagram: no channel "instagram" in channels.yaml, so this override does nothing (the channels are: site, telegram, tiktok)']);
  });

  it('without the list of channels (a plain parse) nothing is checked', () => {
    expect(md('---\ntitle: T\nchannels: { telegrm: { skip: true } }\n---\nBody.\n').overrides.telegrm?.skip).toBe(true);
  });

  it('__proto__ is never a channel name', () => {
    expectArticleError(() => md('---\ntitle: T\nchannels: { __proto__: { skip: true } }\n---\nBody.\n'), 'stories/x.md', '"__proto__" cannot be a channel name');
  });
});
