/**
 * `--at` with a website that schedules by itself: WordPress gets the post now as `future`
 * (so its link exists), the other channels are queued and carry that link when due.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
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
