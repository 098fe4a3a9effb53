/**
 * Issue 18: the inputs newsrooms have (a WordPress page, a Ghost page, a Google Docs web-page
 * export, a Word document) give, in a real dry-run, the same channel posts as the equivalent
 * Markdown article. The files are in tests/article/inputs/ (story.docx made by LibreOffice:
 * see make-docx.sh there).
 */
import { describe, expect, it } from 'vitest';
import { runPublish } from '../helpers/cli.js';

const DIR = 'tests/article/inputs';

interface DryRun {
  articles: { id: string; title: string; dropped: { reason: string; text: string }[]; results: { channel: string; status: string; output?: Record<string, unknown> }[] }[];
}

async function dryRun(file: string): Promise<DryRun['articles'][number]> {
  const r = await runPublish(['--dry-run', '--json', `${DIR}/${file}`]);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as DryRun;
  expect(out.articles).toHaveLength(1);
  return out.articles[0]!;
}

/** The posts, with a Word document's picture named by the file it was extracted to left aside. */
const posts = (a: DryRun['articles'][number]) =>
  a.results.map((r) => {
    if (r.output?.photo === undefined) return r;
    const { photo, ...output } = r.output;
    return { ...r, output, photo: String(photo).replace(/^\.\//, '') };
  });

describe.each([
  ['wordpress.html', 'story.md'],
  ['ghost.html', 'story.md'],
  ['gdocs.html', 'gdocs.md'],
  ['story.docx', 'story-docx.md'],
])('%s', (input, markdown) => {
  it(`gives the same channel posts as ${markdown}`, async () => {
    const [got, want] = await Promise.all([dryRun(input), dryRun(markdown)]);
    expect(got.title).toBe(want.title);
    expect(posts(got)).toEqual(posts(want));
    // The same boilerplate went, whatever the format (a page's photo caption is its own drop).
    const reasons = (a: typeof got) => a.dropped.filter((d) => d.reason !== 'photo caption' && d.reason !== 'photo credit').map((d) => [d.reason, d.text]);
    expect(reasons(got)).toEqual(reasons(want));
    expect(reasons(got).length).toBeGreaterThan(0);
    // Something to compare: every channel the article goes to has a post.
    expect(got.results.filter((r) => r.status === 'valid').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the publish block', () => {
  it('carries per-channel overrides as front matter does (tiktok skip)', async () => {
    const a = await dryRun('wordpress.html');
    expect(a.results.find((r) => r.channel === 'tiktok')).toMatchObject({ status: 'skipped' });
  });
});
