/** HTML articles: what a page says about its story, the publish block, and hostile pages. */
import { describe, expect, it } from 'vitest';
import { parseArticleInput, type ParseOptions } from '../../src/article/index.js';
import { expectArticleRejection } from './expect-error.js';

const page = (head: string, body: string, lang = 'en') => `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
const STORY = '<article><h1>Trams return to Vinnytsia</h1>\n<p>The city’s trams ran again on Monday after three weeks without power on the lines.</p>\n<p>Engineers rebuilt two substations, the council said.</p>\n</article>';

async function read(text: string | Buffer, opts: Partial<ParseOptions> & { source?: string; dir?: string } = {}) {
  const warnings: string[] = [];
  const article = await parseArticleInput(
    { source: opts.source ?? 'stories/page.html', text, dir: opts.dir ?? '/news/stories' },
    { strip: [], defaultLanguage: 'en', warn: (m) => warnings.push(m), ...opts },
  );
  return { article, warnings };
}

describe('what the page says about its story', () => {
  it('language from <html lang> as its primary subtag, tags from keywords, date from article:published_time', async () => {
    const { article: a } = await read(page('<meta name="keywords" content="Vinnytsia, transport, , Vinnytsia"><meta property="article:published_time" content="2025-03-01T10:00:00+02:00">', STORY, 'uk-UA'));
    expect(a.language).toBe('uk');
    expect(a.tags).toEqual(['Vinnytsia', 'transport']);
    expect(a.date).toBe('2025-03-01T08:00:00.000Z');
    expect(a.title).toBe('Trams return to Vinnytsia');
    expect(a.lead).toBe('The city’s trams ran again on Monday after three weeks without power on the lines.');
  });

  it('with no <h1>, the title is og:title, else <title> without the site name', async () => {
    const body = '<article><p>The city’s trams ran again on Monday after three weeks without power on the lines.</p><p>Engineers rebuilt two substations.</p></article>';
    expect((await read(page('<title>Trams return – Babel</title><meta property="og:site_name" content="Babel">', body))).article.title).toBe('Trams return');
    expect((await read(page('<title>x</title><meta property="og:title" content="Trams are back">', body))).article.title).toBe('Trams are back');
  });

  it('a fragment (no <html>, <head> or <body>) is all article; its dropped paragraphs keep their lines', async () => {
    const { article: a } = await read('<h1>Trams return</h1>\n<p>The trams ran again on Monday after three weeks without power.</p>\n<p>Engineers rebuilt two substations.</p>\n<p>Found a mistake? Select it and press Ctrl+Enter.</p>\n');
    expect(a.title).toBe('Trams return');
    expect(a.body.map((b) => b.text)).toEqual(['Engineers rebuilt two substations.']);
    expect(a.dropped).toEqual([{ line: 4, reason: 'error-report prompt', text: 'Found a mistake? Select it and press Ctrl+Enter.' }]);
  });

  it('standard input that opens like a page is read as HTML', async () => {
    const { article: a } = await read(page('', STORY), { source: '-' });
    expect(a.title).toBe('Trams return to Vinnytsia');
    expect(a.bodyHtml).not.toContain('<article');
  });
});

describe('the publish block', () => {
  const block = (json: string) => page(`<title>t</title>\n<script type="application/json" id="publish">${json}</script>`, STORY);

  it('sets front matter keys, which win over the page', async () => {
    const { article: a } = await read(block('{"title": "Trams are back", "tags": ["trams"], "channels": {"tiktok": {"skip": true}}}'));
    expect(a.title).toBe('Trams are back');
    expect(a.tags).toEqual(['trams']);
    expect(a.overrides).toEqual({ tiktok: { skip: true } });
  });

  it.each([
    ['{"title": ', /^stories\/page\.html:5: the publish block is not valid JSON/],
    ['["a"]', /^stories\/page\.html:5: the publish block must be a JSON object/],
    ['{"titel": "x"}', /^stories\/page\.html:5:\d+: publish block/],
  ])('%s: one line naming the line', async (json, message) => {
    await expectArticleRejection(read(block(json)), 'stories/page.html', message);
  });
});

describe('hostile pages', () => {
  it('never name a file outside the folder, nor anything but https, as the image: a warning instead', async () => {
    for (const src of ['file:///etc/passwd', '../../../etc/ssh/key.png', '/etc/hosts', 'data:image/png;base64,AAAA', 'http://example.org/a.jpg', 'javascript:alert(1)']) {
      const { article: a, warnings } = await read(page(`<meta property="og:image" content="${src}">`, STORY));
      expect(a.image, src).toBeUndefined();
      expect(warnings.join('\n'), src).toMatch(/og:image .*: the article goes out without it/);
    }
  });

  it('a relative image inside the folder is a file there', async () => {
    const { article: a } = await read(page('<meta property="og:image" content="media/cover.jpg">', STORY));
    expect(a.image).toMatchObject({ ref: 'media/cover.jpg', path: '/news/stories/media/cover.jpg' });
  });

  it('scripts, handlers and javascript: links never reach a channel; their words stay', async () => {
    const body = '<article><h1>Trams</h1><p onclick="steal()">The trams ran again on Monday after three weeks without power on the lines, <a href="javascript:steal()">the council</a> said.</p><script>document.write("<p>injected</p>")</script><p>Engineers rebuilt <img src="x" onerror="steal()">two substations.</p></article>';
    const { article: a } = await read(page('', body));
    const all = JSON.stringify(a);
    expect(all).not.toMatch(/steal|onclick|onerror|javascript:|injected/);
    expect(a.lead).toContain('the council said');
  });

  it('elements nested thousands deep (to exhaust the stack) are one line, not a crash; 500 deep is read', async () => {
    const nested = (n: number) => `<h1>Deep</h1><p>The trams ran again on Monday after three weeks without power.</p>${'<div>'.repeat(n)}<p>Body.</p>${'</div>'.repeat(n)}`;
    await expectArticleRejection(read(nested(20_000)), 'stories/page.html', 'nests its elements 20001 deep');
    await expectArticleRejection(read(`<p>x</p>${'<b>'.repeat(30_000)}text`), 'stories/page.html', /nests its elements \d+ deep/);
    expect((await read(nested(500))).article.body.map((b) => b.text)).toEqual(['Body.']);
  });

  it('a page with no article is one line, exit 2', async () => {
    await expectArticleRejection(read(page('<title>Babel</title>', '<nav><a href="/">Home</a></nav><footer>© Babel</footer>')), 'stories/page.html', 'has no article in it');
  });
});

describe('character sets', () => {
  it('a page saved as windows-1251 (as old Ukrainian sites serve) is read by its <meta charset>', async () => {
    // "Київ" and "Світло" in windows-1251.
    const kyiv = Buffer.from([0xca, 0xe8, 0xbf, 0xe2]);
    const svitlo = Buffer.from([0xd1, 0xe2, 0xb3, 0xf2, 0xeb, 0xee]);
    const bytes = Buffer.concat([
      Buffer.from('<!DOCTYPE html><html lang="uk"><head><meta charset="windows-1251"><title>t</title></head><body><article><h1>'),
      kyiv,
      Buffer.from('</h1><p>'),
      svitlo,
      Buffer.from(' returned to the city on Monday after three weeks of outages.</p><p>Body.</p></article></body></html>'),
    ]);
    const { article: a } = await read(bytes);
    expect(a.title).toBe('Київ');
    expect(a.lead).toMatch(/^Світло returned/);
  });
});
