import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/index.js';
import type { ParseOptions } from '../../src/article/index.js';
import { expectArticleError } from './expect-error.js';

const none: ParseOptions = { strip: [], defaultLanguage: undefined };
const md = (text: string | Buffer, opts: ParseOptions = none, source = 'stories/x.md') =>
  parseArticle({ source, text, dir: '/news/stories' }, opts);
const txt = (text: string | Buffer, opts: ParseOptions = none) => md(text, opts, 'stories/x.txt');

describe('text clean-up', () => {
  it('drops a BOM and turns CRLF and CR into LF', () => {
    const a = md('\uFEFF---\r\ntitle: Title\r\n---\r\nFirst line\r\nsecond line\r\n\r\nNext\rparagraph\r\n');
    expect(a.title).toBe('Title');
    expect(a.lead).toBe('First line second line');
    expect(a.body).toEqual([{ kind: 'paragraph', text: 'Next paragraph' }]);
    expect(JSON.stringify(a)).not.toMatch(/\\r|\uFEFF/);
  });

  it('normalises every string to NFC', () => {
    const decomposed = 'Краи\u0306'; // "Край" with a combining breve
    const a = md(`---\ntitle: ${decomposed}\ntags: [${decomposed}]\n---\n${decomposed} lead.\n\n${decomposed} body.\n`);
    const composed = 'Край';
    expect(composed).toHaveLength(4);
    expect(a.title).toBe(composed);
    expect(a.tags).toEqual([composed]);
    expect(a.lead).toBe(`${composed} lead.`);
    expect(a.body[0]!.text).toBe(`${composed} body.`);
    expect(a.slug).toBe('край');
  });

  it('hashes the raw bytes', () => {
    const bytes = Buffer.from('\uFEFFTitle\r\n\r\nLead.\r\n', 'utf8');
    expect(txt(bytes).sourceHash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(txt(bytes.toString('utf8')).sourceHash).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('returns a frozen article', () => {
    const a = md('---\ntitle: T\ntags: [a]\n---\nLead.\n\nBody.\n');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.body)).toBe(true);
    expect(Object.isFrozen(a.tags)).toBe(true);
  });
});

describe('plain exports: title and lead', () => {
  it('a short first line without closing punctuation is the title, the next paragraph the lead', () => {
    const a = txt('Kyiv wakes up to sirens\n\nThe lead paragraph.\nIt wraps.\n\nBody one.\n\nBody two.\n');
    expect(a.title).toBe('Kyiv wakes up to sirens');
    expect(a.lead).toBe('The lead paragraph. It wraps.');
    expect(a.body.map((b) => b.text)).toEqual(['Body one.', 'Body two.']);
    expect(a.bodyHtml).toBe('<p>Body one.</p>\n<p>Body two.</p>\n');
    expect(a.id).toBe('x');
    expect(a.slug).toBe('kyiv-wakes-up-to-sirens');
  });

  it('a first paragraph ending in punctuation gives its first sentence, without the full stop, as title; the rest is the lead', () => {
    const a = txt('Talks ended at 3 p.m. in Istanbul. Nobody signed anything.\n\nBody.\n', { strip: [], defaultLanguage: 'en' });
    expect(a.title).toBe('Talks ended at 3 p.m. in Istanbul');
    expect(a.lead).toBe('Nobody signed anything.');
    expect(a.body.map((b) => b.text)).toEqual(['Body.']);
  });

  it('a headline keeps ? and ! and the dot of an abbreviation; a full stop inside closing quotes goes', () => {
    expect(txt('Will the ferry run? Nobody knows.\n\nBody.\n').title).toBe('Will the ferry run?');
    expect(txt('Stop the war! Thousands marched.\n\nBody.\n').title).toBe('Stop the war!');
    expect(txt('Talks with the U.S. Nothing else.\n\nBody.\n', { strip: [], defaultLanguage: 'en' }).title).toBe('Talks with the U.S.');
    const a = txt('"We will return."\n\nBody.\n');
    expect(a.title).toBe('"We will return"');
  });

  it('when the first paragraph is only the title sentence, the next paragraph is the lead', () => {
    const a = txt('"We will return."\n\nThe lead.\n\nBody.\n');
    expect(a.title).toBe('"We will return"');
    expect(a.lead).toBe('The lead.');
    expect(a.body.map((b) => b.text)).toEqual(['Body.']);
  });

  it('a first paragraph of two lines is not a title line', () => {
    const a = txt('Energy\nin winter\n\nLead.\n\nBody.\n');
    expect(a.title).toBe('Energy in winter');
    expect(a.lead).toBe('Lead.');
    expect(a.body.map((b) => b.text)).toEqual(['Body.']);
  });

  it('a first line over 140 characters is not a title line', () => {
    const long = `${'word '.repeat(30)}end`;
    const a = txt(`${long}\n\nBody.\n`);
    expect(a.title).toBe(long);
    expect(a.lead).toBe('Body.');
    const exact = 'x'.repeat(140);
    expect(txt(`${exact}\n\nLead.\n`).lead).toBe('Lead.');
  });

  it('never repeats the title in the lead or the body (a CMS export that repeats the headline)', () => {
    const a = txt('Ferries resume in Odesa\n\nFerries resume in Odesa. The port reopened on Monday.\n\nBody.\n');
    expect(a.title).toBe('Ferries resume in Odesa');
    expect(a.lead).toBe('The port reopened on Monday.');
    const b = txt('Ferries resume in Odesa\n\nFerries resume in Odesa.\n\nThe port reopened.\n\nBody.\n');
    expect(b.lead).toBe('The port reopened.');
    expect(b.body.map((x) => x.text)).toEqual(['Body.']);
    const c = md('---\ntitle: Ferries resume in Odesa\nlead: Given.\n---\nFerries resume in Odesa\n\nBody.\n');
    expect(c.body.map((x) => x.text)).toEqual(['Body.']);
  });

  it('escapes HTML in plain paragraphs but keeps the characters in text', () => {
    const a = txt('Title\n\nLead.\n\nAT&T says x < y > z.\n');
    expect(a.body[0]!.text).toBe('AT&T says x < y > z.');
    expect(a.bodyHtml).toBe('<p>AT&amp;T says x &lt; y &gt; z.</p>\n');
  });

  it('strips matching paragraphs before choosing the lead', () => {
    const a = txt('Title\n\nDonate now\n\nReal lead.\n\nBody.\n\n€5 €10 €25\n', {
      strip: [/^Donate/, /^(€\d+\s*)+$/g],
      defaultLanguage: undefined,
    });
    expect(a.lead).toBe('Real lead.');
    expect(a.body.map((b) => b.text)).toEqual(['Body.']);
  });
});

describe('Markdown: raw HTML and tags that are not HTML', () => {
  it('keeps a tag that is not an HTML element as text, inline or on its own line', () => {
    const a = md('---\ntitle: T\nlead: L\n---\nThe <times> table.\n\n<Odesa>\n\n<div>At <noon> sharp</div>\n');
    expect(a.body.map((b) => b.text)).toEqual(['The <times> table.', '<Odesa>', 'At <noon> sharp']);
    expect(a.bodyHtml).toBe('<p>The &lt;times&gt; table.</p>\n<p>&lt;Odesa&gt;</p>\n<div>At &lt;noon&gt; sharp</div>\n');
    expect(a.rawHtml).toEqual([expect.objectContaining({ line: 9, part: 'body', tags: [{ line: 9, tag: '<div>' }], hidden: [] })]);
  });

  it('records raw HTML with its line, and the words of a script that text channels leave out', () => {
    const a = md('---\ntitle: T\nlead: L\n---\nOne\nWe pasted <script>alert(1)</script> here.\n\n<style>\np { color: red }\n</style>\n');
    expect(a.body.map((b) => b.text)).toEqual(['One We pasted here.']);
    expect(a.rawHtml?.map(({ line, tags, hidden }) => ({ line, tags, hidden }))).toEqual([
      { line: 5, tags: [{ line: 6, tag: '<script>' }], hidden: [{ line: 6, tag: '<script>', text: 'alert(1)' }] },
      { line: 8, tags: [{ line: 8, tag: '<style>' }], hidden: [{ line: 8, tag: '<style>', text: 'p { color: red }' }] },
    ]);
    expect(txt('Title\n\nLead <b>x</b>.\n').rawHtml).toEqual([]);
  });
});

describe('Markdown', () => {
  it('takes the first # heading as title (out of the body) and the next paragraph as lead', () => {
    const a = md('Intro line before.\n\n# The title\n\nThe lead.\n\n## Section\n\nBody.\n');
    expect(a.title).toBe('The title');
    expect(a.lead).toBe('The lead.');
    expect(a.body.map((b) => b.text)).toEqual(['Intro line before.', 'Section', 'Body.']);
    expect(a.bodyHtml).not.toContain('<h1>');
    expect(a.bodyHtml).not.toContain('The lead.');
  });

  it('without front matter or # heading, applies the plain-export rule', () => {
    const a = md('A title line\n\nLead *here*.\n\nBody.\n');
    expect(a.title).toBe('A title line');
    expect(a.lead).toBe('Lead here.');
  });

  it('front matter title and lead win; the body keeps its first paragraph', () => {
    const a = md('---\ntitle: Given\nlead: Given lead\n---\n# Heading\n\nFirst.\n');
    expect(a.title).toBe('Given');
    expect(a.lead).toBe('Given lead');
    expect(a.body.map((b) => b.text)).toEqual(['Heading', 'First.']);
  });

  it('an empty front matter lead means no lead', () => {
    const a = md('---\ntitle: Given\nlead: ""\n---\nFirst.\n');
    expect(a.lead).toBe('');
    expect(a.body.map((b) => b.text)).toEqual(['First.']);
  });

  it('turns inline Markdown into plain text with its marks and decodes entities', () => {
    const a = md(
      '---\ntitle: T\nlead: L\n---\n*Em* and **strong**, [a label](https://x.example/) and `code`,\nAT&T &amp; x < y, a&nbsp;b &copy; \\*not em\\*, [relative](/x) [js](javascript:alert(1)).\n',
    );
    expect(a.body).toEqual([
      {
        kind: 'paragraph',
        text: 'Em and strong, a label and code, AT&T & x < y, a\u00A0b © *not em*, relative [js](javascript:alert(1)).',
        marks: [
          { start: 0, end: 2, kind: 'italic' },
          { start: 7, end: 13, kind: 'bold' },
          { start: 15, end: 22, kind: 'link', href: 'https://x.example/' },
          { start: 27, end: 31, kind: 'code' },
        ],
      },
    ]);
  });

  it('makes one block per list, quote, code and raw HTML', () => {
    const a = md(
      '---\ntitle: T\nlead: L\n---\n1. one\n2. two\n   - nested\n\n> quoted **text**\n>\n> second\n\n```js\nif (a < b) {}\n```\n\n<figure><img src="a.jpg"><figcaption>Photo: A &amp; B</figcaption></figure>\n\n<script>alert(1)</script>\n\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n',
    );
    expect(a.body).toEqual([
      { kind: 'list', text: '• one\n• two\n• nested' },
      { kind: 'quote', text: 'quoted text\nsecond', marks: [{ start: 7, end: 11, kind: 'bold' }] },
      { kind: 'code', text: 'if (a < b) {}' },
      { kind: 'html', text: 'Photo: A & B' },
      { kind: 'paragraph', text: 'a | b\n1 | 2' },
    ]);
    // Raw HTML passes through to bodyHtml unsanitised; the website channel sanitises.
    expect(a.bodyHtml).toContain('<script>alert(1)</script>');
    expect(a.bodyHtml).toContain('<hr>');
    expect(a.bodyHtml).toContain('<ol>');
  });

  it('strip drops a matching block from both body and bodyHtml', () => {
    const a = md('---\ntitle: T\nlead: L\n---\nKeep.\n\n<p>Photo: Reuters</p>\n\nBabel needs your support\n', {
      strip: [/^Photo:/, /^Babel needs your support/],
      defaultLanguage: undefined,
    });
    expect(a.body).toEqual([{ kind: 'paragraph', text: 'Keep.' }]);
    expect(a.bodyHtml).toBe('<p>Keep.</p>\n');
  });

  it('accepts title-only front matter with no body', () => {
    const a = md('---\ntitle: Only a title\n---\n');
    expect(a.title).toBe('Only a title');
    expect(a.lead).toBe('');
    expect(a.body).toEqual([]);
  });
});

describe('front matter fields', () => {
  it('reads ids, slugs, tags, media, dates and overrides', () => {
    const a = md(
      [
        '---',
        'slug: my-slug',
        'tags: " Ukraine, peace talks ,, Istanbul "',
        'image: https://cdn.example.org/a.jpg',
        'video: ../clips/c.mp4',
        'youtube: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
        'date: "2025-05-16 10:00"',
        'channels:',
        '  telegram-en: { text: "Read: {url}" }',
        '  tiktok:',
        '    skip: true',
        '---',
        '# Title',
        '',
        'Lead.',
      ].join('\n'),
    );
    expect(a.id).toBe('my-slug');
    expect(a.slug).toBe('my-slug');
    expect(a.tags).toEqual(['Ukraine', 'peace talks', 'Istanbul']);
    expect(a.image).toEqual({ ref: 'https://cdn.example.org/a.jpg', url: 'https://cdn.example.org/a.jpg', line: 4 });
    expect(a.video).toEqual({ ref: '../clips/c.mp4', path: '/news/clips/c.mp4', line: 5 });
    expect(a.youtube).toBe('dQw4w9WgXcQ');
    expect(a.date).toBe('2025-05-16T10:00:00.000Z');
    expect(a.overrides).toEqual({ 'telegram-en': { text: 'Read: {url}' }, tiktok: { skip: true } });
  });

  it('accepts youtu.be links and bare ids', () => {
    expect(md('---\nyoutube: https://youtu.be/dQw4w9WgXcQ\n---\nT\n\nL.\n').youtube).toBe('dQw4w9WgXcQ');
    expect(md('---\nyoutube: M7lc1UVf-VE\n---\nT\n\nL.\n').youtube).toBe('M7lc1UVf-VE');
  });

  it('takes the language from the article, else the default', () => {
    expect(md('---\nlanguage: uk\n---\nT\n\nL.\n', { strip: [], defaultLanguage: 'en' }).language).toBe('uk');
    expect(md('T\n\nL.\n', { strip: [], defaultLanguage: 'en' }).language).toBe('en');
    expect(md('T\n\nL.\n').language).toBeUndefined();
  });

  it('slugifies titles: Latin diacritics stripped, other scripts kept', () => {
    expect(md('# Café in Dolmabahçe — 2025!\n\nL.\n').slug).toBe('cafe-in-dolmabahce-2025');
  });
});

describe('stdin', () => {
  it('is Markdown when it opens with front matter, else plain text', () => {
    const a = parseArticle({ source: '-', text: '---\ntitle: From stdin\n---\n**Bold** lead.\n', dir: '/work' }, none);
    expect(a.id).toBe('from-stdin');
    expect(a.lead).toBe('Bold lead.');
    const b = parseArticle({ source: '-', text: 'Plain **title**\n\nLead.\n', dir: '/work' }, none);
    expect(b.title).toBe('Plain **title**');
    expect(b.id).toBe('plain-title');
    expect(b.dir).toBe('/work');
  });

  it('uses the front matter id when given', () => {
    const a = parseArticle({ source: '-', text: '---\nid: given-id\ntitle: T\n---\nL.\n', dir: '/w' }, none);
    expect(a.id).toBe('given-id');
  });
});

describe('bad input', () => {
  it('empty', () => expectArticleError(() => md(''), 'stories/x.md', 'is empty'));
  it('whitespace only', () => expectArticleError(() => txt(' \n\t\r\n'), 'stories/x.txt', 'only whitespace'));
  it('binary with NUL bytes', () =>
    expectArticleError(() => md(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), 'stories/x.md', 'binary'));
  it('invalid UTF-8', () =>
    expectArticleError(() => md(Buffer.from([0x54, 0xe9, 0x74, 0xe9, 0x0a])), 'stories/x.md', 'not valid UTF-8'));
  it('unsupported extension', () =>
    expectArticleError(
      () => parseArticle({ source: 'stories/x.rtf', text: 'T', dir: '/' }, none),
      'stories/x.rtf',
      '".rtf"',
      '.md, .markdown, .txt, .html, .htm or .docx',
    ));

  it('unterminated front matter', () =>
    expectArticleError(() => md('---\ntitle: T\n\nBody.\n'), 'stories/x.md', /^stories\/x\.md:1: /, 'never closed', 'add a line with only ---'));

  it('malformed YAML, at its line and column in the file', () => {
    const e = expectArticleError(
      () => md('---\ntitle: T\ntags: [a, b\nlead: x\n---\nBody.\n'),
      'stories/x.md',
      /^stories\/x\.md:\d+:\d+: front matter: /,
      'fix the YAML between the --- lines',
    );
    const [, line] = /^stories\/x\.md:(\d+):/.exec(e.message)!;
    expect(Number(line)).toBeGreaterThanOrEqual(3);
    expect(e.cause).toBeDefined();
  });

  it('malformed YAML: duplicate key', () =>
    expectArticleError(() => md('---\ntitle: A\ntitle: B\n---\nBody.\n'), 'stories/x.md', /^stories\/x\.md:3:1: front matter: .*unique/));

  it('front matter that is a list', () =>
    expectArticleError(() => md('---\n- title\n- lead\n---\nBody.\n'), 'stories/x.md', /^stories\/x\.md:2:1: /, 'must be a mapping'));

  it('unknown key, with the known ones listed', () =>
    expectArticleError(
      () => md('---\ntitle: T\nauthor: Someone\n---\nBody.\n'),
      'stories/x.md',
      /^stories\/x\.md:3:1: /,
      'unknown key "author"',
      'id title lead url slug tags language image youtube video date channels',
    ));

  it('bad youtube id', () =>
    expectArticleError(() => md('---\nyoutube: not-an-id\n---\nT\n\nL.\n'), 'stories/x.md', /^stories\/x\.md:2:10: front matter youtube: /, '11-character id'));

  it('youtube link to another site', () =>
    expectArticleError(() => md('---\nyoutube: https://vimeo.com/watch?v=dQw4w9WgXcQ\n---\nT\n'), 'stories/x.md', 'front matter youtube'));

  it('front matter with no body and no title', () =>
    expectArticleError(() => md('---\ntags: [a]\n---\n\n'), 'stories/x.md', 'has front matter but no text'));

  it('tags that are not text', () =>
    expectArticleError(() => md('---\ntags: [Ukraine, 2025]\n---\nT\n'), 'stories/x.md', /^stories\/x\.md:2:17: front matter tags: item 2/));

  it('tags as a mapping', () =>
    expectArticleError(() => md('---\ntags: { a: 1 }\n---\nT\n'), 'stories/x.md', 'front matter tags: must be a list'));

  it('url that is not http(s)', () =>
    expectArticleError(() => md('---\nurl: ftp://example.org/x\n---\nT\n'), 'stories/x.md', 'front matter url', 'https://'));

  it('image that is not a string', () =>
    expectArticleError(() => md('---\nimage: [a.jpg]\n---\nT\n'), 'stories/x.md', 'front matter image: must be text'));

  it('image over plain http', () =>
    expectArticleError(() => md('---\nimage: http://example.org/a.jpg\n---\nT\n'), 'stories/x.md', 'not an https URL'));

  it('id with spaces', () =>
    expectArticleError(() => md('---\nid: two words\n---\nT\n'), 'stories/x.md', 'front matter id'));

  it('numeric id', () => expectArticleError(() => md('---\nid: 48213\n---\nT\n'), 'stories/x.md', 'id: "48213"'));

  it('file name with spaces as id', () =>
    expectArticleError(() => parseArticle({ source: 'my story.txt', text: 'T\n\nL.\n', dir: '/' }, none), 'my story.txt', 'rename the file or add id:'));

  it('unknown channel override key', () =>
    expectArticleError(() => md('---\nchannels:\n  tiktok: { mute: true }\n---\nT\n'), 'stories/x.md', /^stories\/x\.md:3:13: /, 'tiktok: unknown key "mute"'));

  it('bad date', () =>
    expectArticleError(() => md('---\ndate: next Tuesday\n---\nT\n'), 'stories/x.md', 'front matter date', '2025-05-16'));

  it('bad language', () =>
    expectArticleError(() => md('---\nlanguage: English (UK)\n---\nT\n'), 'stories/x.md', 'front matter language'));

  it('nothing left after strip', () =>
    expectArticleError(
      () => txt('Donate\n\nDonate monthly\n', { strip: [/^Donate/], defaultLanguage: undefined }),
      'stories/x.txt',
      'every paragraph was dropped as boilerplate: article.strip',
      'article.keep',
    ));

  it('nothing left after cleaning', () =>
    expectArticleError(
      () => txt('Donate\n\nPhoto: Reuters\n', none),
      'stories/x.txt',
      'every paragraph was dropped as boilerplate: donation amounts, photo credit',
    ));

  it('no id can be derived from stdin without a slug-able title', () =>
    expectArticleError(() => parseArticle({ source: '-', text: '🇺🇦🇺🇦\n\nLead.\n', dir: '/' }, none), '-', 'add id:'));
});
