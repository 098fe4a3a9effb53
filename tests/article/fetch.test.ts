/** Fetching a story's page: http(s) only, redirects capped and checked, size and time capped. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage, isInternalAddress, isInternalHost } from '../../src/article/fetch.js';
import { readArticleFile } from '../../src/article/index.js';
import { expectArticleRejection } from './expect-error.js';

const PAGE = '<!DOCTYPE html><html lang="en"><head><title>A story</title><link rel="canonical" href="https://babel.example.org/en/a-story/"></head><body><article><h1>A story</h1><p>Its lead, long enough to be a paragraph of an article and not a menu.</p><p>Its body.</p></article></body></html>';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/story/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    if (path === '/latin1/') return void res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(Buffer.from(PAGE.replace('Its body.', 'Caf\u00e9 body.'), 'latin1'));
    if (path === '/missing/') return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    if (path === '/pdf/') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    if (path === '/moved/') return void res.writeHead(301, { location: '/story/' }).end();
    if (path.startsWith('/hop/')) {
      const n = Number(path.split('/')[2]);
      return void res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}/` : '/story/' }).end();
    }
    if (path === '/loop/') return void res.writeHead(302, { location: '/loop/' }).end();
    if (path === '/to-file/') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/huge-declared/') return void res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50_000_000) }).end();
    if (path === '/huge-streamed/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const more = (): void => {
        while (sent < 200) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    if (path === '/slow/') return; // never answers
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchPage', () => {
  it('fetches an HTML page, following a redirect, with the charset the server names', async () => {
    const page = await fetchPage(`${base}/moved/`);
    expect(page.url).toBe(`${base}/story/`);
    expect(page.body.toString('utf8')).toBe(PAGE);
    expect(page.charset).toBe('utf-8');
  });

  it('follows up to 5 redirects, and no more', async () => {
    expect((await fetchPage(`${base}/hop/4/`)).url).toBe(`${base}/story/`);
    await expectArticleRejection(fetchPage(`${base}/hop/5/`), `${base}/hop/5/`, 'redirects more than 5 times');
  });

  it.each([
    ['/missing/', 'answered 404 Not Found: check the address'],
    ['/pdf/', 'is not a web page (it answered application/pdf)'],
    ['/loop/', 'redirects in a loop'],
    ['/to-file/', 'redirects to file:, not to a web page'],
    ['/huge-declared/', 'is 50 MB, more than the 5 MB'],
    ['/huge-streamed/', 'is more than the 5 MB'],
  ])('%s: one line saying what went wrong', async (path, message) => {
    await expectArticleRejection(fetchPage(`${base}${path}`), `${base}${path}`, message);
  });

  it('gives up at its deadline', async () => {
    const started = Date.now();
    await expectArticleRejection(fetchPage(`${base}/slow/`, { timeoutMs: 300 }), `${base}/slow/`, 'did not answer within');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses what is not http or https, and a refused connection is one line', async () => {
    await expectArticleRejection(readArticleFile('file:///etc/passwd', { cwd: '/', strip: [], defaultLanguage: undefined }), 'file:///etc/passwd', 'is not a web address');
    await expectArticleRejection(readArticleFile('ftp://example.org/story', { cwd: '/', strip: [], defaultLanguage: undefined }), 'ftp://example.org/story', 'is not a web address');
    await expectArticleRejection(fetchPage('http://127.0.0.1:25/story/'), 'http://127.0.0.1:25/story/', 'port is one that web pages never use');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expectArticleRejection(fetchPage(`http://127.0.0.1:${port}/story/`), `http://127.0.0.1:${port}/story/`, 'connection was refused');
  });
});

describe('internal addresses (where a public page may not redirect)', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'])('%s is internal', (a) => {
    expect(isInternalAddress(a)).toBe(true);
  });
  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])('%s is public', (a) => {
    expect(isInternalAddress(a)).toBe(false);
  });
  it('names: localhost is internal', async () => {
    expect(await isInternalHost('localhost')).toBe(true);
    expect(await isInternalHost('[::1]')).toBe(true);
    expect(await isInternalHost('no-such-host.invalid')).toBe(false);
  });
});

describe('a fetched page as an article', () => {
  const opts = { cwd: '/', strip: [], defaultLanguage: 'en' };
  it('is read as HTML, its id and url the canonical address, marked as already on the website', async () => {
    const a = await readArticleFile(`${base}/moved/`, opts);
    expect(a.title).toBe('A story');
    expect(a.id).toBe('https://babel.example.org/en/a-story/');
    expect(a.url).toBe('https://babel.example.org/en/a-story/');
    expect(a.fetched).toBe(true);
    expect(a.origin).toBe(`${base}/moved/`);
  });
  it('decodes the charset the server names', async () => {
    const a = await readArticleFile(`${base}/latin1/`, opts);
    expect(a.body.map((b) => b.text)).toContain('Café body.');
  });
});
