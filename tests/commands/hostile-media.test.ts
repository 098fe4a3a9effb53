/**
 * Hostile articles (a contributor's pull request): `image:` and `video:` that point at files
 * outside the article's folder, through links, or at files that are not what they claim.
 * The real CLI runs against the strict local fakes of all four platforms; every byte the fakes
 * receive is recorded and searched for a marker planted in each file outside the folder.
 * Each case must end with exit 2, one line naming the file, line and key, nothing sent, and
 * no preview page holding any of it.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenToWire } from '../fakes/http.js';
import { DEFAULT_CHANNEL, startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { startTikTokFake, type TikTokFake } from '../fakes/tiktok.js';
import { startWordPressFake, type WordPressFake } from '../fakes/wordpress.js';
import { startYouTubeFake, type YouTubeFake } from '../fakes/youtube.js';
import { ROOT, runPublish } from '../helpers/cli.js';
import { JPEG_HEAD, MP4_HEAD, mp4Bytes } from '../helpers/media.js';
import { platformEnv } from '../helpers/platform-env.js';

const VIDEO_ID = 'dQw4w9WgXcQ';
const WP_PASSWORD = 'abcd EFGH ijkl MNOP qrst UVWX';
const TIKTOK_SECRET = 'hostile-tiktok-client-secret';
const TIKTOK_SEED = 'rft.hostile-seed';
/** Planted in every file outside the article's folder; must never reach a fake. */
const MARKER = `PLANTED-${randomBytes(9).toString('hex')}`;

let telegram: TelegramFake;
let youtube: YouTubeFake;
let tiktok: TikTokFake;
let wordpress: WordPressFake;
const wire: Buffer[] = [];

/** outside/ holds secrets; outside/newsroom/ is the newsroom; articles live in newsroom/stories/2025/. */
let outside: string;
let newsroom: string;
let stories: string;
/** Every file outside the folder, by content: none of it may be sent. */
const secrets: Buffer[] = [];

function env(): Record<string, string> {
  return platformEnv({ telegram, youtube, tiktok: { clientSecret: TIKTOK_SECRET, refreshToken: TIKTOK_SEED }, wordpressPassword: WP_PASSWORD });
}

const publish = (...args: string[]) => runPublish(args, { cwd: newsroom, env: env() });

function requestCount(): number {
  return telegram.requests.length + youtube.requests.length + tiktok.requests.length + wordpress.requests.length;
}

/** The marker (raw and base64 at each alignment) or any outside file's bytes, if the fakes got them. */
function leak(): string | undefined {
  const received = Buffer.concat(wire);
  const needles: [string, Buffer][] = [['the marker', Buffer.from(MARKER)]];
  for (const shift of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(shift), Buffer.from(MARKER)]).toString('base64');
    needles.push([`the marker in base64 (shift ${shift})`, Buffer.from(b64.slice(4, -4))]);
  }
  secrets.forEach((s, i) => {
    needles.push([`secret file ${i}`, s]);
    needles.push([`secret file ${i} in base64`, Buffer.from(s.toString('base64').slice(0, 40))]);
  });
  const passwd = readFileSync('/etc/passwd').subarray(0, 24);
  needles.push(['/etc/passwd', passwd]);
  return needles.find(([, needle]) => received.includes(needle))?.[0];
}

function article(name: string, front: string, body = 'The body of the story.'): string {
  writeFileSync(join(stories, name), `---\nid: ${name.replace(/\.md$/, '')}\ntitle: A hostile story\nlead: Its lead.\nurl: https://example.org/story/\nyoutube: ${VIDEO_ID}\n${front}\n---\n\n${body}\n`);
  return `stories/2025/${name}`;
}

beforeAll(async () => {
  listenToWire((bytes) => wire.push(Buffer.from(bytes)));
  [telegram, youtube, tiktok, wordpress] = await Promise.all([
    startTelegramFake(),
    startYouTubeFake(),
    startTikTokFake({ clientSecret: TIKTOK_SECRET, refreshTokens: [TIKTOK_SEED], processingPolls: 0 }),
    startWordPressFake({ users: [{ login: 'editor', appPassword: WP_PASSWORD }] }),
  ]);
  youtube.addVideo(VIDEO_ID, { title: 'A story on video', description: 'Filmed.', categoryId: '25' });

  outside = mkdtempSync(join(tmpdir(), 'publish-hostile-'));
  newsroom = join(outside, 'newsroom');
  stories = join(newsroom, 'stories', '2025');
  mkdirSync(join(stories, 'media'), { recursive: true });
  copyFileSync(join(ROOT, 'examples/media/cover.jpg'), join(stories, 'media', 'cover.jpg'));
  writeFileSync(join(stories, 'media', 'clip.mp4'), mp4Bytes(64 * 1024));
  writeFileSync(
    join(newsroom, 'channels.yaml'),
    stringify({
      timezone: 'UTC',
      media_root: 'shared',
      channels: {
        telegram: { type: 'telegram', token: '${TELEGRAM_BOT_TOKEN}', chat: `@${DEFAULT_CHANNEL.username}`, api_root: telegram.url },
        youtube: { type: 'youtube', client_id: '${YOUTUBE_CLIENT_ID}', client_secret: '${YOUTUBE_CLIENT_SECRET}', refresh_token: '${YOUTUBE_REFRESH_TOKEN}', root_url: youtube.url, token_url: youtube.tokenUrl },
        tiktok: { type: 'tiktok', client_key: tiktok.clientKey, client_secret: '${TIKTOK_CLIENT_SECRET}', refresh_token: '${TIKTOK_REFRESH_TOKEN}', base_url: tiktok.url, status_poll: '10ms' },
        site: { type: 'wordpress', url: wordpress.url, username: 'editor', password: '${WP_APP_PASSWORD}' },
      },
    }),
  );
  // media_root: a shared folder articles may use; a link in it leading out is still refused.
  mkdirSync(join(newsroom, 'shared'));
  copyFileSync(join(ROOT, 'examples/media/cover.jpg'), join(newsroom, 'shared', 'logo.jpg'));

  // The secrets: .env beside channels.yaml, a real JPEG and a real MP4 above the newsroom.
  const dotEnv = Buffer.from(`PLANTED_SECRET=${MARKER}\n`);
  writeFileSync(join(newsroom, '.env'), dotEnv);
  const jpeg = Buffer.concat([JPEG_HEAD, Buffer.from(`\n${MARKER}\n`), randomBytes(64)]);
  writeFileSync(join(outside, 'secret.jpg'), jpeg);
  const mp4 = Buffer.concat([mp4Bytes(4096), Buffer.from(MARKER)]);
  writeFileSync(join(outside, 'secret.mp4'), mp4);
  secrets.push(dotEnv, jpeg, mp4);

  // A first, honest run makes the real ledger; then the marker is planted in it.
  const first = await publish('--json', article('honest.md', 'image: ./media/cover.jpg\nvideo: ./media/clip.mp4'));
  expect(first.code, first.stderr + first.stdout).toBe(0);
  const db = new Database(join(newsroom, '.publish', 'state.db'));
  db.exec('CREATE TABLE IF NOT EXISTS planted (secret TEXT)');
  db.prepare('INSERT INTO planted VALUES (?)').run(MARKER);
  db.close();
  secrets.push(readFileSync(join(newsroom, '.publish', 'state.db')).subarray(0, 100)); // its header

  // Inside the folder, but not what it claims or leading out.
  copyFileSync(join(newsroom, '.env'), join(stories, 'cover.jpg')); // .env renamed cover.jpg
  symlinkSync('../../../secret.jpg', join(stories, 'link.jpg')); // a link to a real JPEG outside
  symlinkSync('../../../secret.mp4', join(stories, 'link.mp4'));
  symlinkSync(outside, join(stories, 'outside-dir')); // a linked folder
  symlinkSync('../../secret.jpg', join(newsroom, 'shared', 'escape.jpg')); // a link in media_root leading out
  writeFileSync(join(stories, 'env-as.mp4'), Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypheic'), dotEnv])); // looks like ISO media, is not video
  spawnSync('mkfifo', [join(stories, 'pipe.mp4')]);
});

afterAll(async () => {
  listenToWire(undefined);
  await Promise.all([telegram?.close(), youtube?.close(), tiktok?.close(), wordpress?.close()]);
  if (outside) rmSync(outside, { recursive: true, force: true });
});

beforeEach(() => {
  expect(leak()).toBeUndefined();
});

const cases: [string, string, RegExp][] = [
  ['image: /etc/passwd', 'image', /"\/etc\/passwd" is outside the article's folder and the media_root folder/],
  ['image: ../../.env', 'image', /"\.\.\/\.\.\/\.env" is outside/],
  ['video: ../../.env', 'video', /"\.\.\/\.\.\/\.env" is outside/],
  ['video: ../../.publish/state.db', 'video', /"\.\.\/\.\.\/\.publish\/state\.db" is outside/],
  ['image: ../../../secret.jpg', 'image', /"\.\.\/\.\.\/\.\.\/secret\.jpg" is outside/],
  [`image: ${'/'}PLACEHOLDER/secret.jpg`, 'image', /is outside/],
  ['image: ./link.jpg', 'image', /"\.\/link\.jpg" is a symbolic link .* leading outside/],
  ['video: ./link.mp4', 'video', /"\.\/link\.mp4" is a symbolic link .* leading outside/],
  ['image: ./outside-dir/secret.jpg', 'image', /is a symbolic link \(or lies in a linked folder\) leading outside/],
  ['image: ../../shared/escape.jpg', 'image', /leading outside the article's folder and the media_root folder/],
  ['image: ./cover.jpg', 'image', /"\.\/cover\.jpg" is not a JPEG, PNG, WebP or GIF image/],
  ['video: ./env-as.mp4', 'video', /is not an MP4, MOV or WebM video/],
  ['video: ./media/cover.jpg', 'video', /is an image \(JPEG\), not an MP4, MOV or WebM video/],
  ['image: ./media/clip.mp4', 'image', /is a video \(MP4\), not a JPEG, PNG, WebP or GIF image/],
  ['video: ./pipe.mp4', 'video', /is not a regular file/],
  ['image: ./media', 'image', /is not a regular file/],
];

describe('hostile media: refused before anything is sent', () => {
  it.each(cases)('%s', async (line, key, why) => {
    const front = line.replace('/PLACEHOLDER', outside);
    const name = `case-${randomBytes(4).toString('hex')}.md`;
    const file = article(name, front);
    const lineNo = 7; // ---, id, title, lead, url, youtube, then the media line
    const before = requestCount();

    // The send and the CI dry-run; every other way in (--json, check) in the test below.
    for (const args of [[file], ['--dry-run', '--json', file]]) {
      const r = await publish(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: ${file.replace(/\./g, '\\.')}:${lineNo}: ${key}: `));
      expect(lines[0]).toMatch(why);
      expect(lines[0]).not.toContain(MARKER);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }

    const page = join(newsroom, `${name}.html`);
    const preview = await publish('preview', file, '--out', page);
    expect(preview.code).toBe(2);
    expect(preview.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(page)).toBe(false);

    expect(requestCount()).toBe(before);
    expect(leak()).toBeUndefined();
  });

  it('every command that reads the article refuses it the same way', async () => {
    const file = article('every-command.md', 'video: ../../.publish/state.db');
    for (const args of [['--json', file], ['--dry-run', file], ['check', file], ['--at', '2099-01-01T00:00:00Z', file], ['--update', file]]) {
      const r = await publish(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe(`error: ${file}:7: video: "../../.publish/state.db" is outside the article's folder and the media_root folder: move the file into the article's folder or the media_root folder and name it by a relative path such as ./media/clip.mp4`);
    }
    expect(leak()).toBeUndefined();
  });

  it('a body <img> pointing outside is not inlined into the preview page', async () => {
    const file = article('body-img.md', 'image: ./media/cover.jpg', `<img src="../../../secret.jpg">\n\n![x](./link.jpg)\n\n![y](../../.env)\n\nText.`);
    const page = join(newsroom, 'body-img.html');
    const r = await publish('preview', file, '--out', page);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    const cover = readFileSync(join(stories, 'media', 'cover.jpg')).toString('base64');
    expect(html).toContain(`data:image/jpeg;base64,${cover}`); // its own cover still shows
    for (const s of secrets) expect(html).not.toContain(s.toString('base64').slice(0, 40));
    expect(html).not.toContain(Buffer.from(MARKER).toString('base64').slice(0, 12));
    expect(html).not.toContain(MARKER);
  });

  it('an https video is refused by the dry-run as the send refuses it', async () => {
    const file = article('remote-video.md', 'video: https://cdn.example.org/clip.mp4');
    const dry = await publish('--dry-run', '--json', '--channel', 'tiktok', file);
    expect(dry.code).toBe(1);
    const result = JSON.parse(dry.stdout).articles[0].results[0];
    expect(result.status).toBe('invalid');
    expect(result.problems[0].code).toBe('remote_video');
    const before = requestCount();
    const send = await publish('--channel', 'tiktok', file);
    expect(send.code).toBe(2);
    expect(send.stderr).toMatch(/tiktok: TikTok takes the clip as a file upload, not a web address/);
    expect(requestCount()).toBe(before);
  });

  it('sizes are checked in the dry-run: a photo over Telegram\'s 10 MB, a clip over TikTok\'s 4 GB', async () => {
    writeFileSync(join(stories, 'media', 'huge.jpg'), JPEG_HEAD);
    truncateSync(join(stories, 'media', 'huge.jpg'), 10_500_000);
    writeFileSync(join(stories, 'media', 'huge.mp4'), MP4_HEAD);
    truncateSync(join(stories, 'media', 'huge.mp4'), 4 * 1024 ** 3 + 1);
    const file = article('huge.md', 'image: ./media/huge.jpg\nvideo: ./media/huge.mp4');
    const dry = await publish('--dry-run', '--json', file);
    expect(dry.code, dry.stderr).toBe(1);
    const results = JSON.parse(dry.stdout).articles[0].results as { channel: string; status: string; problems: { code: string; message: string }[] }[];
    const by = (c: string) => results.find((r) => r.channel === c);
    expect(by('telegram')?.problems).toContainEqual({ severity: 'error', code: 'media_too_big', message: `${file}:7: image: "./media/huge.jpg" is 10.5 MB; Telegram (sendPhoto) takes at most 10 MB: make the file smaller`, source: { file, line: 7, column: 1 } });
    expect(by('tiktok')?.problems).toContainEqual({ severity: 'error', code: 'media_too_big', message: `${file}:8: video: "./media/huge.mp4" is 4294967297 bytes; TikTok (FILE_UPLOAD) takes at most 4294967296 bytes (4 GB): make the file smaller`, source: { file, line: 8, column: 1 } });
    expect(by('site')?.status).toBe('valid'); // the site's own limit is not knowable offline
    const before = requestCount();
    const send = await publish(file);
    expect(send.code).toBe(2);
    expect(send.stderr).toMatch(/telegram: .*is 10\.5 MB; Telegram \(sendPhoto\) takes at most 10 MB/);
    expect(requestCount()).toBe(before);
  });

  it('files inside the folder and in media_root: go out, and nothing else does', async () => {
    const uploads = () => telegram.requestsTo('sendPhoto').length;
    const before = uploads();
    const file = article('shared-logo.md', 'image: ../../shared/logo.jpg\nvideo: ./media/clip.mp4');
    const r = await publish('--json', file);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const statuses = JSON.parse(r.stdout).articles[0].results.map((x: { status: string }) => x.status);
    expect(statuses).toEqual(['published', 'published', 'published', 'published']);
    expect(uploads()).toBe(before + 1);
    // The recording sees uploads: the picture (Telegram, WordPress) and the clip (TikTok) went by it.
    const received = Buffer.concat(wire);
    expect(received.includes(readFileSync(join(newsroom, 'shared', 'logo.jpg')))).toBe(true);
    expect(received.includes(readFileSync(join(stories, 'media', 'clip.mp4')))).toBe(true);
    expect(leak()).toBeUndefined();
  });
});
