import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticleFile, readArticles } from '../../src/article/index.js';
import type { Article } from '../../src/article/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'examples');
/** What a channels.yaml with no `article:` section gives: cleaning on, nothing else. */
const opts = { cwd: root, strip: [], defaultLanguage: 'en' };
const bodyText = (a: Article): string => a.body.map((b) => b.text).join('\n\n');

describe('examples/istanbul-talks.md', () => {
  const load = () => readArticleFile('examples/istanbul-talks.md', opts);

  it('takes every field from the front matter', async () => {
    const a = await load();
    expect(a.id).toBe('istanbul-talks-2025');
    expect(a.source).toBe('examples/istanbul-talks.md');
    expect(a.dir).toBe(examples);
    expect(a.title).toBe('Istanbul talks: a prisoner swap, no ceasefire & a promise to meet again');
    expect(a.lead).toMatch(/^The first direct talks between Kyiv and Moscow in three years/);
    expect(a.url).toBe('https://babel.example.org/en/istanbul-talks/');
    expect(a.slug).toBe('istanbul-talks');
    expect(a.tags).toEqual(['Ukraine', 'Russia', 'peace talks', 'Istanbul', 'prisoner exchange', 'ukraine', 'Türkiye']);
    expect(a.language).toBe('en');
    expect(a.image).toEqual({ ref: './media/cover.jpg', path: join(examples, 'media', 'cover.jpg'), line: 9 });
    expect(a.video).toEqual({ ref: './media/clip.mp4', path: join(examples, 'media', 'clip.mp4'), line: 11 });
    expect(a.youtube).toBe('dQw4w9WgXcQ');
    expect(a.date).toBe('2025-05-16T15:30:00.000Z');
    expect(a.overrides).toEqual({ tiktok: { skip: false } });
    expect(a.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns the Markdown body into plain-text blocks', async () => {
    const a = await load();
    expect(a.body.map((b) => b.kind)).toEqual([
      'paragraph', 'paragraph', 'heading', 'paragraph', 'list', 'paragraph', 'quote',
      'heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph',
    ]);
    const list = a.body.find((b) => b.kind === 'list')!;
    expect(list.text.split('\n')).toEqual([
      '• an exchange of 1,000 prisoners for 1,000, the largest since February 2022;',
      '• that each side will put its vision of a future ceasefire on paper;',
      '• that the delegations will meet again, with no date set.',
    ]);
    expect(a.body.find((b) => b.kind === 'quote')!.text).toMatch(/^"They came to read out an ultimatum/);
    const text = bodyText(a);
    expect(text).toContain('AT&T roaming SIM');
    expect(text).toContain('then x < y — and');
    expect(text).toContain('a non-starter — and so'); // &mdash; decoded
    expect(text).toContain("on Babel's live blog, and read our explainer"); // links keep their label only
    expect(text).not.toMatch(/https?:|\*\*|\[|\]\(/);
    expect(text).toContain('📵');
    expect(text).toMatch(/🇺🇦$/);
  });

  it('renders the body as HTML for the website, with its own escaping', async () => {
    const a = await load();
    expect(a.bodyHtml).toContain('<h2>What the two sides agreed</h2>');
    expect(a.bodyHtml).toContain('<a href="https://babel.example.org/en/live/">Babel\'s live blog</a>');
    expect(a.bodyHtml).toContain('AT&amp;T');
    expect(a.bodyHtml).toContain('x &lt; y');
    expect(a.bodyHtml).toContain('<strong>1,000 prisoners for 1,000</strong>');
    expect(a.bodyHtml).not.toContain('The first direct talks'); // the lead is not repeated in the body
  });
});

describe('examples/donations-export.txt', () => {
  it('drops the boilerplate with no configuration, each drop with its line and reason, then picks title and lead', async () => {
    const a = await readArticleFile('examples/donations-export.txt', opts);
    expect(a.id).toBe('donations-export');
    expect(a.title).toBe('How a Kharkiv hospital kept its lights on through the winter');
    expect(a.slug).toBe('how-a-kharkiv-hospital-kept-its-lights-on-through-the-winter');
    expect(a.lead).toMatch(/^When a missile hit the substation two kilometres away/);
    expect(a.language).toBe('en');
    expect(a.tags).toEqual([]);
    expect(a.dropped.map((d) => [d.line, d.reason])).toEqual([
      [3, 'photo credit'],
      [7, 'share buttons'],
      [14, 'donation appeal'],
      [16, 'donation amounts'],
      [20, 'photo caption'],
      [22, 'read-also link'],
      [28, 'error-report prompt'],
      [30, 'subscription prompt'],
    ]);
    expect(a.dropped[4]!.text).toBe("Solar panels on the roof of the new wing of the Kharkiv Regional Children's Hospital.");
    expect(a.body).toHaveLength(5);
    expect(a.body.every((b) => b.kind === 'paragraph')).toBe(true);
    const text = bodyText(a);
    for (const gone of ['Babel needs your support', 'UAH', 'Donate', 'One-time', 'Photo:', 'Solar panels on the roof', 'Read also', 'Ctrl+Enter', 'Subscribe', 'Copy link']) {
      expect(text).not.toContain(gone);
      expect(a.bodyHtml).not.toContain(gone);
    }
    // The fundraiser's figures are the story: they stay.
    expect(text).toContain('the median gift was 200 hryvnias, about €4.50. A single anonymous donor from Lviv gave 1.2 million.');
    expect(text).toContain('The fundraiser is still open');
    expect(a.bodyHtml).toContain('<p>&quot;We did not know how to ask for help,&quot; says');
    expect(a.bodyHtml.match(/<p>/g)).toHaveLength(5);
  });

  it('with article.clean off, keeps the boilerplate, so the photo credit becomes the lead', async () => {
    const a = await readArticleFile('examples/donations-export.txt', { ...opts, clean: false });
    expect(a.title).toBe('How a Kharkiv hospital kept its lights on through the winter');
    expect(a.lead).toBe('Photo: Reuters / Anna Kovalenko');
    expect(a.dropped).toEqual([]);
    expect(bodyText(a)).toContain('Monthly 200 UAH 500 UAH 1000 UAH Donate');
  });

  it('article.keep protects a paragraph; article.strip drops one more, reported as article.strip', async () => {
    const a = await readArticleFile('examples/donations-export.txt', { ...opts, keep: [/^Read also/u], strip: [/^Now the engineers/u] });
    expect(bodyText(a)).toContain('Read also: How Kharkiv moved its schools into the metro');
    expect(a.dropped.find((d) => d.line === 22)).toBeUndefined();
    expect(a.dropped.find((d) => d.line === 26)).toEqual({ line: 26, reason: 'article.strip', text: expect.stringMatching(/^Now the engineers/) });
  });
});

describe('examples/kyiv-energy-uk.md', () => {
  it('takes its title from the # heading and its lead from the first paragraph', async () => {
    const a = await readArticleFile('examples/kyiv-energy-uk.md', opts);
    expect(a.id).toBe('kyiv-energy-uk');
    expect(a.title).toBe('Як Київ готується до зими без світла: генератори, сонячні панелі й пункти незламності');
    expect(a.lead).toMatch(/^Третю воєнну зиму поспіль столиця входить/);
    expect(a.language).toBe('uk');
    expect(a.tags).toEqual(['енергетика', 'Київ', 'блекаут', 'сонячні панелі', 'Укренерго']);
    expect(a.url).toBeUndefined();
    expect(a.youtube).toBe('M7lc1UVf-VE');
    expect(a.image?.path).toBe(join(examples, 'media', 'cover.jpg'));
    expect(a.overrides).toEqual({ 'telegram-en': { skip: true } });
    expect(a.body[0]).toEqual({ kind: 'heading', text: 'Що сталося з енергосистемою' });
    expect(a.bodyHtml).not.toContain('<h1>');
  });

  it('is long enough to exceed Telegram (4096 UTF-16 units) and YouTube (5000 bytes)', async () => {
    const a = await readArticleFile('examples/kyiv-energy-uk.md', opts);
    const text = bodyText(a);
    expect(text.length).toBeGreaterThan(5000);
    expect(Buffer.byteLength(text, 'utf8')).toBeGreaterThan(5000);
  });

  it('derives a Cyrillic slug of at most 80 characters, cut between words', async () => {
    const a = await readArticleFile('examples/kyiv-energy-uk.md', opts);
    expect(a.slug).toBe('як-київ-готується-до-зими-без-світла-генератори-сонячні-панелі-й-пункти');
    expect([...a.slug].length).toBeLessThanOrEqual(80);
  });
});

describe('all examples together', () => {
  it('read in the order given, each with its own id', async () => {
    const articles = await readArticles(
      ['examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md'],
      opts,
    );
    expect(articles.map((a) => a.id)).toEqual(['istanbul-talks-2025', 'donations-export', 'kyiv-energy-uk']);
  });
});

describe('examples/media', () => {
  it('holds a real JPEG and an MP4 file', () => {
    const jpeg = readFileSync(join(examples, 'media', 'cover.jpg'));
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(jpeg.includes(Buffer.from([0xff, 0xc0]))).toBe(true); // a baseline frame header
    const mp4 = readFileSync(join(examples, 'media', 'clip.mp4'));
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(mp4.includes(Buffer.from('mdat', 'latin1'))).toBe(true);
    expect(mp4.length).toBeGreaterThan(1024);
  });
});
