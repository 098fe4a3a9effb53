import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArticleFile, readArticles } from '../../src/article/index.js';
import type { ReadOptions } from '../../src/article/index.js';
import { expectArticleRejection } from './expect-error.js';

let cwd: string;
let opts: ReadOptions;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'publish-article-'));
  opts = { cwd, strip: [], defaultLanguage: 'en' };
  await mkdir(join(cwd, 'stories'));
  await writeFile(join(cwd, 'stories', 'good.md'), '---\ntitle: Good\n---\nLead.\n');
  await writeFile(join(cwd, 'stories', 'other.txt'), 'Other story\n\nIts lead.\n');
  await writeFile(join(cwd, 'stories', 'same-id.md'), '---\nid: good\ntitle: Same\n---\nLead.\n');
  await writeFile(join(cwd, 'stories', 'empty.md'), '');
  await writeFile(join(cwd, 'stories', 'blank.txt'), '  \n\n\t\n');
  await writeFile(join(cwd, 'stories', 'photo.md'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]));
  await writeFile(join(cwd, 'stories', 'notes.rtf'), 'Title\n\nLead.\n');
  await writeFile(join(cwd, 'stories', 'notes.docx'), 'Title\n\nLead.\n');
  await writeFile(join(cwd, 'stories', 'broken.md'), '---\ntitle: [unclosed\n---\nBody.\n');
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('readArticleFile', () => {
  it('reads a path relative to cwd and keeps the path as given', async () => {
    const a = await readArticleFile('stories/good.md', opts);
    expect(a.source).toBe('stories/good.md');
    expect(a.dir).toBe(join(cwd, 'stories'));
    expect(a.id).toBe('good');
    expect(a.language).toBe('en');
  });

  it('missing file', () => expectArticleRejection(readArticleFile('stories/x.md', opts), 'stories/x.md', 'stories/x.md: no such file: check the path'));
  it('missing folder', () => expectArticleRejection(readArticleFile('nope/x.md', opts), 'nope/x.md', 'no such file'));
  it('a directory', () => expectArticleRejection(readArticleFile('stories', opts), 'stories', 'is a directory'));
  it('empty file', () => expectArticleRejection(readArticleFile('stories/empty.md', opts), 'stories/empty.md', 'is empty'));
  it('whitespace-only file', () =>
    expectArticleRejection(readArticleFile('stories/blank.txt', opts), 'stories/blank.txt', 'only whitespace'));
  it('binary file', () => expectArticleRejection(readArticleFile('stories/photo.md', opts), 'stories/photo.md', 'binary', 'NUL'));
  it('unsupported extension', () =>
    expectArticleRejection(readArticleFile('stories/notes.rtf', opts), 'stories/notes.rtf', 'unsupported extension ".rtf"'));
  it('a .docx that is not a Word document', () =>
    expectArticleRejection(readArticleFile('stories/notes.docx', opts), 'stories/notes.docx', 'is not a Word document'));
});

describe('readArticles', () => {
  it('reads every article, in the order given', async () => {
    const articles = await readArticles(['stories/other.txt', 'stories/good.md'], opts);
    expect(articles.map((a) => a.title)).toEqual(['Other story', 'Good']);
  });

  it('fails as a whole when one article cannot be read, with that article’s error', async () => {
    await expectArticleRejection(readArticles(['stories/good.md', 'stories/missing.md'], opts), 'stories/missing.md', 'no such file');
  });

  it('reports the first bad article in the order given', async () => {
    await expectArticleRejection(
      readArticles(['stories/good.md', 'stories/broken.md', 'stories/missing.md'], opts),
      'stories/broken.md',
      /^stories\/broken\.md:\d+:\d+: front matter: /,
    );
  });

  it('refuses two articles with the same id', async () => {
    await expectArticleRejection(
      readArticles(['stories/good.md', 'stories/same-id.md'], opts),
      'stories/same-id.md',
      'same id "good" as stories/good.md',
    );
  });

  it('reads stdin for "-", once', async () => {
    let calls = 0;
    const stdin = async () => {
      calls++;
      return Buffer.from('---\ntitle: Piped in\n---\nLead.\n');
    };
    const articles = await readArticles(['-', 'stories/other.txt'], { ...opts, stdin });
    expect(calls).toBe(1);
    expect(articles[0]).toMatchObject({ source: '-', id: 'piped-in', title: 'Piped in', lead: 'Lead.', dir: cwd });
    await expectArticleRejection(readArticles(['-', '-'], { ...opts, stdin }), '-', 'more than once');
    expect(calls).toBe(1);
  });

  it('plain text on stdin', async () => {
    const [a] = await readArticles(['-'], { ...opts, stdin: async () => Buffer.from('Plain title\n\nThe lead.\n') });
    expect(a).toMatchObject({ title: 'Plain title', lead: 'The lead.', id: 'plain-title' });
  });

  it('empty stdin', () =>
    expectArticleRejection(readArticles(['-'], { ...opts, stdin: async () => Buffer.alloc(0) }), '-', 'is empty'));

  it('stdin that cannot be read', () =>
    expectArticleRejection(
      readArticles(['-'], { ...opts, stdin: async () => Promise.reject(new Error('EPIPE\n    at somewhere')) }),
      '-',
      'could not be read',
    ));
});
