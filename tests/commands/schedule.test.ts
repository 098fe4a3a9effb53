/**
 * `--at` with a website that schedules by itself: WordPress gets the post now as `future`
 * (so its link exists), the other channels are queued and carry that link when due.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

let wp: WordPressFake;
let hook: WebhookFake;
let dir: string;

beforeEach(async () => {
  wp = await startWordPressFake();
  hook = await startWebhookFake();
  dir = mkdtempSync(join(tmpdir(), 'publish-schedule-'));
  const admin = wp.users[0]!;
  writeFileSync(
    join(dir, 'channels.yaml'),
    `timezone: UTC\nchannels:\n  site:\n    type: wordpress\n    url: ${wp.url}\n    username: ${admin.login}\n    password: \${WP_APP_PASSWORD}\n  hook:\n    type: webhook\n    url: ${hook.url}hook\n`,
  );
  writeFileSync(join(dir, 'story.md'), '---\nid: story\ntags: [Kyiv]\n---\n# A scheduled story\n\nIts lead.\n\nIts body.\n');
});
afterEach(async () => {
  await wp.close();
  await hook.close();
});

it('--at sends the website now as a future post and queues the rest with its link', async () => {
  const env = { WP_APP_PASSWORD: wp.users[0]!.appPassword };
  const queued = await runInProcess(['story.md', '--at', '2099-05-01T08:00:00Z', '--json'], { cwd: dir, env });
  expect(queued.code, queued.stderr + queued.stdout).toBe(0);
  const results = JSON.parse(queued.stdout).articles[0].results as { channel: string; status: string; at?: string }[];
  // WordPress holds the post until then: scheduled (with its time), not published.
  expect(results.map((r) => [r.channel, r.status])).toEqual([['site', 'scheduled'], ['hook', 'scheduled']]);
  expect(results[0]!.at).toBe('2099-05-01T08:00:00.000Z');
  const post = [...wp.posts.values()].find((p) => p.slug === 'a-scheduled-story');
  expect(post?.status).toBe('future');
  expect(post?.dateGmt.toISOString()).toBe('2099-05-01T08:00:00.000Z');
  expect(hook.requests).toHaveLength(0);

  // Not due yet: nothing goes out.
  expect((await runInProcess(['run'], { cwd: dir, env })).code).toBe(0);
  expect(hook.requests).toHaveLength(0);
});

it('when due, the queued posts carry the link the website gave', async () => {
  const env = { WP_APP_PASSWORD: wp.users[0]!.appPassword };
  const queued = await runInProcess(['story.md', '--at', '+1s', '--json'], { cwd: dir, env });
  expect(queued.code, queued.stderr + queued.stdout).toBe(0);
  const site = JSON.parse(queued.stdout).articles[0].results[0];
  expect(site.status).toBe('published');
  await new Promise((r) => setTimeout(r, 1100));
  const run = await runInProcess(['run', '--json'], { cwd: dir, env });
  expect(run.code, run.stderr).toBe(0);
  expect(hook.accepted()).toHaveLength(1);
  expect(hook.accepted()[0]?.body.link).toBe(site.remote.url);
});

it('a story given by its address, or as a Word document, is read again from there when due', async () => {
  const env = { WP_APP_PASSWORD: wp.users[0]!.appPassword };
  const page = '<!DOCTYPE html><html lang="en"><head><title>A page</title><link rel="canonical" href="https://babel.example.org/en/a-page/"></head><body><article><h1>A page story</h1><p>Its lead, read from the published page of the story.</p><p>Its body.</p></article></body></html>';
  const server = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/en/a-page/`;
    copyFileSync(join(ROOT, 'tests/article/inputs/story.docx'), join(dir, 'word.docx'));
    // The website skips the page (it is already there) and publishes the Word document now.
    for (const [source, site] of [[address, 'skipped'], ['word.docx', 'published']]) {
      const queued = await runInProcess([source!, '--at', '+1s', '--json'], { cwd: dir, env });
      expect(queued.code, queued.stderr + queued.stdout).toBe(0);
      expect(JSON.parse(queued.stdout).articles[0].results.map((r: { status: string }) => r.status)).toEqual([site, 'scheduled']);
    }
    await new Promise((r) => setTimeout(r, 1100));
    const run = await runInProcess(['run', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const sent = hook.accepted().map((d) => d.body.article?.id).sort();
    expect(sent).toEqual(['https://babel.example.org/en/a-page/', 'word']);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
