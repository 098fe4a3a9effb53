/**
 * The static-site channel writes files, so it has no platform fake: these tests drive the CLI
 * in-process against a temporary content folder instead of the shared `testChannel` contract.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

interface Result {
  status: string;
  remote?: { id: string; url?: string };
  output?: { path: string; url: string; content: string };
  error?: { code: string; message: string; retryable: boolean };
}

function setup(channel: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'publish-static-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const config = {
    timezone: 'UTC',
    channels: { site: { type: 'static', dir: 'site/content/news', base_url: 'https://example.org/news', ...channel } },
  };
  writeFileSync(join(dir, 'channels.yaml'), stringify(config));
  const content = join(dir, 'site/content/news');
  return {
    dir,
    content,
    run: (args: string[]) => runInProcess(args, { cwd: dir }),
    result: (r: { stdout: string }): Result => JSON.parse(r.stdout).articles[0].results[0],
  };
}

/** Every file under a folder, relative, including dot files. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('static: writing the article into the content folder', () => {
  it('markdown: front matter + body at {yyyy}/{slug}.md, link is where the site serves it', async () => {
    const s = setup();
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = s.result(r);
    expect(res.status).toBe('published');
    expect(res.remote).toEqual({ id: '2025/istanbul-talks.md', url: 'https://example.org/news/2025/istanbul-talks/' });
    const text = readFileSync(join(s.content, '2025/istanbul-talks.md'), 'utf8');
    expect(text).toBe(res.output!.content);
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!);
    expect(front).toMatchObject({ title: expect.stringContaining('Istanbul talks'), slug: 'istanbul-talks', tags: expect.arrayContaining(['Ukraine']) });
    expect(text).toContain('Dolmabahçe Palace');
    expect(files(s.content)).toEqual(['2025/istanbul-talks.md']);
  });

  it('html format and a custom path pattern', async () => {
    const s = setup({ format: 'html', path: '{lang}/{yyyy}/{mm}/{slug}.html' });
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = s.result(r);
    expect(res.remote).toEqual({ id: 'en/2025/05/istanbul-talks.html', url: 'https://example.org/news/en/2025/05/istanbul-talks.html' });
    const html = readFileSync(join(s.content, 'en/2025/05/istanbul-talks.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Istanbul talks: a prisoner swap, no ceasefire &amp; a promise to meet again</title>');
  });

  it('the write is atomic: no temp file is left behind, also when a folder is created', async () => {
    const s = setup({ path: 'deep/er/{slug}.md' });
    const r = await s.run(['--json', 'istanbul-talks.md', 'kyiv-energy-uk.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const written = files(s.content);
    expect(written).toHaveLength(2);
    expect(written.every((f) => f.startsWith('deep/er/') && f.endsWith('.md') && !f.includes('publish-tmp'))).toBe(true);
  });

  it('an identical rerun changes nothing; a file with other content is kept without --update', async () => {
    const s = setup();
    const first = await s.run(['--json', 'istanbul-talks.md']);
    expect(first.code).toBe(0);
    const file = join(s.content, '2025/istanbul-talks.md');
    const again = await s.run(['--json', 'istanbul-talks.md']);
    expect(s.result(again).status).toBe('unchanged');

    expect(s.result(again).remote?.id).toBe('2025/istanbul-talks.md');
    expect(readFileSync(file, 'utf8')).toBe(s.result(first).output!.content);

    // Someone else's file at the same path.
    const s3 = setup();
    const target = join(s3.content, '2025/istanbul-talks.md');
    cpSync(s.content, s3.content, { recursive: true });
    writeFileSync(target, 'written by hand\n');
    const refused = await s3.run(['--json', 'istanbul-talks.md']);
    expect(refused.code).toBe(1);
    const res = s3.result(refused);
    expect(res.error).toMatchObject({ code: 'exists', retryable: false });
    expect(res.error!.message).toMatch(/2025\/istanbul-talks\.md exists with other content: use --update to replace it$/);
    expect(readFileSync(target, 'utf8')).toBe('written by hand\n');
  });

  it('--update replaces the file when the article changed', async () => {
    const s = setup();
    expect((await s.run(['--json', 'istanbul-talks.md'])).code).toBe(0);
    const path = join(s.dir, 'istanbul-talks.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^lead: .*$/m, 'lead: "A corrected lead."'));
    const plain = await s.run(['--json', 'istanbul-talks.md']);
    expect(s.result(plain).status).toBe('unchanged');
    const update = await s.run(['--json', '--update', 'istanbul-talks.md']);
    expect(update.code, update.stderr + update.stdout).toBe(0);
    expect(s.result(update).status).toBe('updated');
    expect(readFileSync(join(s.content, '2025/istanbul-talks.md'), 'utf8')).toContain('A corrected lead.');
    expect(files(s.content)).toEqual(['2025/istanbul-talks.md']);
  });

  it('a rerun after the ledger lost the row finds our identical file without writing', async () => {
    const s = setup();
    expect((await s.run(['--json', 'istanbul-talks.md'])).code).toBe(0);
    const file = join(s.content, '2025/istanbul-talks.md');
    const content = readFileSync(file, 'utf8');
    // A fresh ledger (as on another checkout): the file with our exact content is ours.
    writeFileSync(join(s.dir, 'channels.yaml'), readFileSync(join(s.dir, 'channels.yaml'), 'utf8') + 'state: other.db\n');
    const r = await s.run(['--json', 'istanbul-talks.md']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(s.result(r)).toMatchObject({ status: 'published', remote: { id: '2025/istanbul-talks.md' } });
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
