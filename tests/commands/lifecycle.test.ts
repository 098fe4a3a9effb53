/**
 * Cancel and retract (docs/ARCHITECTURE.md, "Cancel and retract") against the strict fakes:
 * an embargo that is cancelled never goes live; retract takes a post down on every platform
 * as far as it allows, says what a person must do elsewhere, and a rerun skips it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../../src/ledger/sqlite.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { startWebhookFake, type WebhookFake } from '../fakes/webhook.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../fakes/youtube.js';
import { runInProcess } from '../helpers/inprocess.js';

const PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const HOOK_SECRET = 'hook-secret-value-123';
const TG_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijk';
const VIDEO = 'dQw4w9WgXcQ';
const RETRY = 'retry: { attempts: 2, base_delay: 10ms, max_delay: 20ms, budget: 3s }';

let wp: WordPressFake;
let tg: TelegramFake;
let hook: WebhookFake;
let yt: YouTubeFake;
let dir: string;
/** The fakes' clock: tests move it forward. */
let offsetMs = 0;
const now = () => Date.now() + offsetMs;

function env(): Record<string, string> {
  return {
    WP_APP_PASSWORD: PASSWORD, HOOK_SECRET, TELEGRAM_BOT_TOKEN: TG_TOKEN,
    YOUTUBE_CLIENT_ID: yt.clientId, YOUTUBE_CLIENT_SECRET: yt.clientSecret, YOUTUBE_REFRESH_TOKEN: yt.refreshToken,
    PUBLISH_HOST: hostname(),
  };
}
const publish = (args: string[], input?: string) => runInProcess(args, { cwd: dir, env: env(), ...(input === undefined ? {} : { input }) });
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const ledgerFile = () => join(dir, '.publish/state.db');

function writeConfig(): void {
  writeFileSync(join(dir, 'channels.yaml'), `timezone: UTC
channels:
  site:
    type: wordpress
    url: ${wp.url}
    username: editor
    password: \${WP_APP_PASSWORD}
    ${RETRY}
  tg:
    type: telegram
    token: \${TELEGRAM_BOT_TOKEN}
    chat: "@babel_test"
    api_root: ${tg.url}
    link_preview: false
    retract_text: "Withdrawn by the editors."
  hook:
    type: webhook
    url: ${hook.url}hook
    secret: \${HOOK_SECRET}
  files:
    type: static
    dir: site/content
    base_url: https://static.example.org
  yt:
    type: youtube
    client_id: \${YOUTUBE_CLIENT_ID}
    client_secret: \${YOUTUBE_CLIENT_SECRET}
    refresh_token: \${YOUTUBE_REFRESH_TOKEN}
    root_url: ${yt.url}
    token_url: ${yt.tokenUrl}
`);
}

function story(id: string, extra = ''): string {
  writeFileSync(join(dir, `${id}.md`), `---\nid: ${id}\ntags: [Embargo]\n${extra}---\n# The ${id} story\n\nWhat happened, in one lead sentence.\n\nThe body of the ${id} story.\n`);
  return `${id}.md`;
}

beforeEach(async () => {
  offsetMs = 0;
  wp = await startWordPressFake({ users: [{ login: 'editor', appPassword: PASSWORD }], now: () => new Date(now()) });
  tg = await startTelegramFake({ now });
  hook = await startWebhookFake({ secret: HOOK_SECRET });
  yt = await startYouTubeFake();
  yt.addVideo(VIDEO, { title: 'Original title', description: 'What the video said before.', tags: ['before'], categoryId: '25' });
  dir = mkdtempSync(join(tmpdir(), 'publish-lifecycle-'));
  mkdirSync(join(dir, 'site/content'), { recursive: true });
  writeConfig();
});
afterEach(async () => {
  await Promise.all([wp.close(), tg.close(), hook.close(), yt.close()]);
});

const sitePost = () => [...wp.posts.values()].find((p) => p.id !== 1);

describe('publish --at and cancel (the embargo)', () => {
  it('reports the WordPress post scheduled, and a cancelled embargo never goes live', async () => {
    story('embargo');
    const at = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
    const sent = await publish(['embargo.md', '--at', `${at}Z`, '--channel', 'site', '--channel', 'hook', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const [site, queued] = json(sent).articles[0].results;
    expect(site).toMatchObject({ channel: 'site', status: 'scheduled', at: `${at}:00.000Z` });
    expect(site.remote.id).toBe(String(sitePost()!.id));
    expect(queued).toMatchObject({ channel: 'hook', status: 'scheduled' });
    expect(sitePost()!.status).toBe('future');

    const human = await publish(['status', 'embargo']);
    expect(human.stdout).toMatch(new RegExp(`${at.replace('T', ' ')}Z  scheduled  embargo → site`));
    const status = json(await publish(['status', 'embargo', '--json']));
    expect(status.posts.find((p: { channel: string }) => p.channel === 'site')).toMatchObject({ status: 'scheduled', at: `${at}:00.000Z` });

    const cancel = await publish(['cancel', 'embargo', '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    const c = json(cancel);
    expect(c).toMatchObject({ ok: true, cancelled: 1, posts: [{ channel: 'site', status: 'unscheduled' }] });
    expect(c.posts[0].detail).toMatch(/made a draft again: it will not go live/);
    expect(sitePost()!.status).toBe('draft');

    // The embargo passes: WP-Cron runs, the draft stays a draft, the queue sends nothing.
    offsetMs = 25 * 3600_000;
    expect(wp.runCron()).toEqual([]);
    expect(sitePost()!.status).toBe('draft');
    await publish(['run']);
    expect(hook.accepted()).toHaveLength(0);
    const after = json(await publish(['status', 'embargo', '--json']));
    expect(after.posts.find((p: { channel: string; status: string }) => p.channel === 'site').status).toBe('cancelled');
    expect(after.history.map((h: { channel: string; action: string }) => `${h.channel}:${h.action}`)).toEqual(['site:send', 'hook:cancel', 'site:cancel']);

    // A second cancel finds it done; a new --at schedules the same draft again.
    const again = json(await publish(['cancel', 'embargo:site', '--json']));
    expect(again.posts[0]).toMatchObject({ status: 'unchanged' });
    const later = new Date(Date.now() + 48 * 3600_000).toISOString().slice(0, 16);
    const resent = json(await publish(['embargo.md', '--at', `${later}Z`, '--channel', 'site', '--json']));
    expect(resent.articles[0].results[0]).toMatchObject({ status: 'scheduled', at: `${later}:00.000Z` });
    expect([...wp.posts.values()].filter((p) => p.id !== 1)).toHaveLength(1);
    expect(sitePost()!.status).toBe('future');
  });

  it('without a cancel the fake does publish the future post when its time comes', async () => {
    story('control');
    const at = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
    expect((await publish(['control.md', '--at', `${at}Z`, '--channel', 'site'])).code).toBe(0);
    offsetMs = 2 * 3600_000;
    expect(wp.runCron()).toEqual([sitePost()!.id]);
    expect(sitePost()!.status).toBe('publish');
  });

  it('says "scheduled" in the human line', async () => {
    story('human');
    const at = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
    const r = await publish(['human.md', '--at', `${at}Z`, '--channel', 'site']);
    expect(r.stdout).toMatch(/⏲ site \(wordpress\)\s+scheduled for .*WordPress holds it until then/);
    expect(r.stdout).not.toMatch(/published/);
  });

  it('when WordPress cannot be reached, exits 1 naming the post that may still go live; a rerun finishes', async () => {
    story('unreachable');
    const at = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
    expect((await publish(['unreachable.md', '--at', `${at}Z`, '--channel', 'site'])).code).toBe(0);
    // Both tries the channel's retry allows find the site down.
    wp.failNext('/wp/v2/*', 503, 2);
    const failed = await publish(['cancel', 'unreachable']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/site\s+failed: could not un-schedule: .*MAY STILL GO LIVE at /);
    expect(failed.stdout).toContain(sitePost()!.id.toString());
    expect(sitePost()!.status).toBe('future');
    const status = json(await publish(['status', 'unreachable', '--json']));
    expect(status.posts[0]).toMatchObject({ channel: 'site', status: 'failed' });
    expect(status.posts[0].error).toMatch(/MAY STILL GO LIVE/);

    const rerun = await publish(['cancel', 'unreachable', '--json']);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(json(rerun).posts[0].status).toBe('unscheduled');
    expect(sitePost()!.status).toBe('draft');
  });
});

describe('publish retract', () => {
  async function sendAll(id: string): Promise<void> {
    story(id, `youtube: ${VIDEO}\n`);
    const sent = await publish([`${id}.md`, '--json']);
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(json(sent).articles[0].results.map((r: { status: string }) => r.status)).toEqual(['published', 'published', 'published', 'published', 'published']);
  }

  it('takes the post down everywhere, records it, and a rerun skips it', async () => {
    await sendAll('wrong');
    const written = readdirSync(join(dir, 'site/content'), { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    expect(written).toHaveLength(1);
    const file = join(dir, 'site/content', written[0]!);
    expect(yt.video(VIDEO)!.snippet.description).not.toBe('What the video said before.');

    const dry = await publish(['retract', 'wrong', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = json(dry);
    expect(plan.dryRun).toBe(true);
    expect(plan.posts.map((p: { channel: string; status: string }) => `${p.channel}:${p.status}`).sort()).toEqual(['files:planned', 'hook:planned', 'site:planned', 'tg:planned', 'yt:planned']);
    expect(plan.posts.find((p: { channel: string }) => p.channel === 'site').detail).toMatch(/to the WordPress trash/);
    expect(sitePost()!.status).toBe('publish');

    // Not a terminal and no --yes: nothing is done.
    const refused = await publish(['retract', 'wrong']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/add --yes/);

    const done = await publish(['retract', 'wrong', '--yes', '--json']);
    expect(done.code, done.stdout).toBe(0);
    const byChannel = Object.fromEntries(json(done).posts.map((p: { channel: string }) => [p.channel, p]));
    expect(byChannel.site.status).toBe('retracted');
    expect(byChannel.tg.status).toBe('retracted');
    expect(byChannel.hook.status).toBe('retracted');
    expect(byChannel.files.status).toBe('retracted');
    expect(byChannel.yt.status).toBe('retracted');
    expect(sitePost()!.status).toBe('trash');
    expect(tg.messages('@babel_test').every((m) => m.deleted)).toBe(true);
    const event = hook.accepted().at(-1)!;
    expect(event.body).toMatchObject({ event: 'retract', article: { id: 'wrong' } });
    expect(event.headers['x-publish-signature']).toMatch(/^sha256=/);
    expect(existsSync(file)).toBe(false);
    expect(yt.video(VIDEO)!.snippet).toMatchObject({ title: 'Original title', description: 'What the video said before.', tags: ['before'] });
    expect(done.stdout).not.toContain(PASSWORD);
    expect(done.stdout).not.toContain(TG_TOKEN);

    const rerun = json(await publish(['wrong.md', '--json']));
    for (const r of rerun.articles[0].results) expect(r).toMatchObject({ status: 'skipped', reason: 'retracted; --force publishes it again' });
    const again = json(await publish(['retract', 'wrong', '--yes', '--json']));
    expect(again.posts.every((p: { status: string }) => p.status === 'unchanged')).toBe(true);

    const timeline = await publish(['status', 'wrong']);
    expect(timeline.stdout).toMatch(/history of wrong:/);
    expect(timeline.stdout).toMatch(/send\s+site/);
    expect(timeline.stdout).toMatch(/retract\s+site .*moved post \d+ to the trash/);
    const history = json(await publish(['status', 'wrong', '--json'])).history;
    expect(history).toHaveLength(10);
    expect(history[0]).toMatchObject({ action: 'send', outcome: 'ok', host: hostname() });
    expect(history[0].contentHash).toMatch(/^[0-9a-f]{64}$/);

    // --force publishes it again: a new WordPress post (the trashed one keeps its slug__trashed).
    const forced = json(await publish(['wrong.md', '--force', '--channel', 'site', '--json']));
    expect(forced.articles[0].results[0].status).toBe('published');
  });

  it('one channel: edits a Telegram post older than 48 hours to retract_text and says so', async () => {
    await sendAll('old');
    offsetMs = 49 * 3600_000;
    const r = await publish(['retract', 'old:tg', '--yes', '--json']);
    expect(r.code, r.stdout).toBe(0);
    const [tgResult] = json(r).posts;
    expect(tgResult).toMatchObject({ channel: 'tg', status: 'retracted' });
    expect(tgResult.detail).toMatch(/older than 48 hours.*now reads "Withdrawn by the editors\."/);
    const [message] = tg.messages('@babel_test');
    expect(message!.deleted).toBeFalsy();
    expect(message!.text).toBe('Withdrawn by the editors.');
    // Only the one channel was touched.
    expect(sitePost()!.status).toBe('publish');
  });

  it('one channel that cannot be reached never stops the others; a rerun finishes it', async () => {
    await sendAll('partial');
    wp.failNext('/wp/v2/*', 503, 2);
    const r = await publish(['retract', 'partial', '--yes', '--json']);
    expect(r.code).toBe(1);
    const byChannel = Object.fromEntries(json(r).posts.map((p: { channel: string; status: string }) => [p.channel, p]));
    expect(byChannel.site.status).toBe('failed');
    expect(byChannel.site.error.message).toMatch(/could not retract: .* is still up: rerun publish retract partial:site/);
    for (const c of ['tg', 'hook', 'files', 'yt']) expect(byChannel[c].status).toBe('retracted');
    expect(sitePost()!.status).toBe('publish');
    const rerun = json(await publish(['retract', 'partial', '--yes', '--json']));
    expect(rerun.posts.map((p: { channel: string; status: string }) => `${p.channel}:${p.status}`).sort()).toEqual(['files:unchanged', 'hook:unchanged', 'site:retracted', 'tg:unchanged', 'yt:unchanged']);
    expect(sitePost()!.status).toBe('trash');
  });

  it('YouTube: the snapshot taken at the first update survives later edits; retract restores it', async () => {
    await sendAll('video');
    const first = yt.video(VIDEO)!.snippet.description;
    writeFileSync(join(dir, 'video.md'), `---\nid: video\nyoutube: ${VIDEO}\ntags: [Embargo]\n---\n# The video story\n\nA corrected lead sentence.\n\nThe body.\n`);
    const edited = json(await publish(['video.md', '--update', '--channel', 'yt', '--json']));
    expect(edited.articles[0].results[0].status).toBe('updated');
    expect(yt.video(VIDEO)!.snippet.description).not.toBe(first);
    const r = json(await publish(['retract', 'video:yt', '--yes', '--json']));
    expect(r.posts[0]).toMatchObject({ status: 'retracted', detail: expect.stringContaining('restored the title, description and tags') });
    expect(yt.video(VIDEO)!.snippet).toMatchObject({ title: 'Original title', description: 'What the video said before.', tags: ['before'], categoryId: '25' });
  });

  it('TikTok has no delete: manual, with the link and what to do', async () => {
    writeFileSync(join(dir, 'channels.yaml'), `${readFileSync(join(dir, 'channels.yaml'), 'utf8')}  clip:
    type: tiktok
    client_key: key
    client_secret: \${TIKTOK_SECRET}
    refresh_token: \${TIKTOK_REFRESH}
`);
    mkdirSync(join(dir, '.publish'), { recursive: true });
    const ledger = await openSqliteLedger(ledgerFile());
    await ledger.begin('clip', 'clip', 'h');
    await ledger.settle('clip', 'clip', { status: 'sent', receipt: { id: '7311', url: 'https://www.tiktok.com/@babel/video/7311' }, contentHash: 'h' });
    await ledger.close();
    const r = await runInProcess(['retract', 'clip', '--yes', '--json'], { cwd: dir, env: { ...env(), TIKTOK_SECRET: 'tiktok-secret-x', TIKTOK_REFRESH: 'tiktok-refresh-x' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(json(r).posts[0]).toMatchObject({ channel: 'clip', status: 'manual' });
    expect(json(r).posts[0].detail).toMatch(/open https:\/\/www\.tiktok\.com\/@babel\/video\/7311 in the TikTok app .* delete it/);
  });

  it('a retract killed half-way is finished by a rerun, without errors and without doing it twice', async () => {
    await sendAll('killed');
    // The killed run had trashed the WordPress post and held the row in flight.
    const id = sitePost()!.id;
    await fetch(`${wp.url}/wp-json/wp/v2/posts/${id}`, { method: 'DELETE', headers: { authorization: wp.authHeader('editor') } });
    const dead = await openSqliteLedger(ledgerFile(), { host: hostname(), pid: 2 ** 22 + 7 });
    const row = await dead.get('killed', 'site');
    expect((await dead.begin('killed', 'site', row!.contentHash!)).ok).toBe(true);
    await dead.close();

    const deletes = () => wp.requests.filter((q) => q.method === 'DELETE').length;
    const r = await publish(['retract', 'killed:site', '--yes', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(json(r).posts[0]).toMatchObject({ status: 'retracted', detail: `post ${id} is in the trash` });
    expect(deletes()).toBe(1);
    expect(sitePost()!.status).toBe('trash');
  });

  it('two retracts at once do the work once', async () => {
    await sendAll('twice');
    const [a, b] = await Promise.all([publish(['retract', 'twice', '--yes', '--json']), publish(['retract', 'twice', '--yes', '--json'])]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(wp.requests.filter((q) => q.method === 'DELETE')).toHaveLength(1);
    expect(tg.requestsTo('deleteMessage')).toHaveLength(1);
    const retractEvents = hook.accepted().filter((d) => d.body.event === 'retract');
    expect(retractEvents).toHaveLength(1);
  });

  it('bad input: exit 2 and one line, nothing done', async () => {
    await sendAll('known');
    const unknown = await publish(['retract', 'nope', '--yes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/no post of "nope"/);
    const channel = await publish(['retract', 'known:nowhere', '--yes']);
    expect(channel.code).toBe(2);
    expect(channel.stderr).toMatch(/no channel "nowhere"/);
    const cancel = await publish(['cancel', 'nope']);
    expect(cancel.code).toBe(2);
    expect(sitePost()!.status).toBe('publish');
  });
});
