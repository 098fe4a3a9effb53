import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TelegramError } from 'telegraf';
import type { Article } from '../../src/article/types.js';
import { telegram } from '../../src/channels/telegram/index.js';
import { telegramOptions, type TelegramOptions, type TelegramOutput } from '../../src/channels/telegram/options.js';
import { telegramChannelError } from '../../src/channels/telegram/errors.js';
import type { DeliverContext, Post, Receipt } from '../../src/channels/types.js';
import type { ChannelConfig, Config } from '../../src/config/types.js';
import { createAttempt } from '../../src/http/retry.js';
import { ChannelError } from '../../src/errors.js';
import { openLedger } from '../../src/ledger/open.js';
import { ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram.js';
import { testChannel } from './contract.js';

const CHAT = '@babel_test';

/** Posts in the fake: one message each. */
function postCount(fake: TelegramFake): number {
  return fake.messages(CHAT).length;
}

testChannel<TelegramFake>({
  type: 'telegram',
  async start() {
    const fake = await startTelegramFake();
    return {
      fake,
      options: { token: '${TELEGRAM_BOT_TOKEN}', chat: CHAT, api_root: fake.url },
      env: { TELEGRAM_BOT_TOKEN: fake.token },
      close: fake.close,
    };
  },
  posts: postCount,
  requests: (fake) => fake.requests.length,
  failNext(fake, fault) {
    if (fault === 'unauthorized') fake.failNext('*', { status: 401 });
    if (fault === 'rate_limited') fake.failNext('*', { status: 429, retryAfter: 1 });
    if (fault === 'server_error') fake.failNext('*', { status: 500 });
  },
  remote: /^https:\/\/t\.me\/babel_test\/\d+$/,
  secrets: (setup) => [setup.fake.token],
});

/** A working directory with the examples, a channels.yaml for one telegram channel, and a runner. */
async function workspace(fake: TelegramFake, options: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'publish-telegram-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const writeConfig = (extra: Record<string, unknown>) =>
    writeFileSync(
      join(dir, 'channels.yaml'),
      stringify({
        timezone: 'UTC',
        channels: {
          tg: {
            type: 'telegram',
            token: '${TELEGRAM_BOT_TOKEN}',
            chat: CHAT,
            api_root: fake.url,
            retry: { attempts: 3, base_delay: '10ms', max_delay: '50ms', budget: '20s' },
            ...extra,
          },
        },
      }),
    );
  writeConfig(options);
  const run = async (...args: string[]) => {
    const r = await runInProcess(['--json', ...args], { cwd: dir, env: { TELEGRAM_BOT_TOKEN: fake.token } });
    const doc = r.stdout ? (JSON.parse(r.stdout) as { articles: { id: string; results: ChannelResult[] }[] }) : undefined;
    return { ...r, doc, result: doc?.articles[0]?.results[0] };
  };
  /** The ledger's receipt for an article on the channel. */
  const receipt = async (articleId: string): Promise<Receipt | undefined> => {
    const ledger = await openLedger(join(dir, '.publish', 'state.db'));
    try {
      return (await ledger.get(articleId, 'tg'))?.receipt;
    } finally {
      await ledger.close();
    }
  };
  return { dir, run, receipt, writeConfig };
}

interface ChannelResult {
  status: string;
  remote?: { id: string; url?: string };
  error?: { code: string; message: string; retryable: boolean };
}

/** A short article (its whole text fits a photo caption). */
function writeShort(dir: string, fields: { title?: string; image?: string; lead?: string } = {}): string {
  const image = fields.image ?? './media/cover.jpg';
  writeFileSync(
    join(dir, 'short.md'),
    [
      '---',
      'id: short-news',
      `title: "${fields.title ?? 'Kyiv & Lviv: trains run <on time>'}"`,
      `lead: "${fields.lead ?? 'Ukrzaliznytsia says 97% of trains arrived on schedule this week.'}"`,
      'url: https://babel.example.org/en/short-news/',
      ...(image ? [`image: ${image}`] : []),
      'tags: [Ukraine, railways]',
      'language: en',
      '---',
      '',
      'The railway kept its timetable despite power cuts.',
      '',
    ].join('\n'),
  );
  return 'short.md';
}

/** The Ukrainian example with a fixed canonical link (it has none of its own). */
function withUrl(dir: string, name: string): string {
  const path = join(dir, name);
  const text = readFileSync(path, 'utf8');
  if (!/^url:/m.test(text)) writeFileSync(path, text.replace(/^---\n/, `---\nurl: https://babel.example.org/uk/${name.replace(/\.\w+$/, '')}/\n`));
  return name;
}

function replaceIn(dir: string, name: string, from: string | RegExp, to: string): void {
  const path = join(dir, name);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(path, next);
}

/** A Bot API request straight to the fake (what an older version of publish sent). */
async function callFake(fake: TelegramFake, method: string, body: Record<string, unknown>): Promise<{ message_id: number }> {
  const response = await fetch(`${fake.url}bot${fake.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { ok: boolean; result: { message_id: number } };
  expect(json.ok).toBe(true);
  return json.result;
}

/**
 * A post as an older version made it, recorded in the ledger: the photo with a short
 * caption, then the whole text as a second message (receipt kind `photo+text`).
 */
async function legacyTwoMessagePost(ws: Awaited<ReturnType<typeof workspace>>, name: string): Promise<{ photo: number; text: number }> {
  const dry = await ws.run('--dry-run', name);
  const articleId = dry.doc!.articles[0]!.id;
  const fake = currentFake!;
  const chatId = fake.chat(CHAT)!.id;
  const photo = await callFake(fake, 'sendPhoto', { chat_id: CHAT, photo: 'https://babel.example.org/cover.jpg', caption: '<b>Як Київ готується до зими</b>', parse_mode: 'HTML' });
  const text = await callFake(fake, 'sendMessage', { chat_id: CHAT, text: `<b>Як Київ готується до зими</b>\n\n${'Текст. '.repeat(300)}`, parse_mode: 'HTML' });
  const ledger = await openLedger(join(ws.dir, '.publish', 'state.db'));
  try {
    const begun = await ledger.begin(articleId, 'tg', 'hash-of-an-older-payload');
    expect(begun.ok).toBe(true);
    await ledger.settle(articleId, 'tg', {
      status: 'sent',
      contentHash: 'hash-of-an-older-payload',
      receipt: {
        id: String(photo.message_id),
        url: `https://t.me/babel_test/${photo.message_id}`,
        extra: { kind: 'photo+text', chat_id: chatId, photo_message_id: photo.message_id, text_message_id: text.message_id },
      },
    });
  } finally {
    await ledger.close();
  }
  return { photo: photo.message_id, text: text.message_id };
}

let currentFake: TelegramFake | undefined;

describe('telegram delivery', () => {
  let fake: TelegramFake;
  beforeEach(async () => {
    fake = await startTelegramFake();
    currentFake = fake;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('sends a short article as one photo whose caption is the whole text, uploaded from disk', async () => {
    const ws = await workspace(fake);
    const r = await ws.run(writeShort(ws.dir));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('published');

    const messages = fake.messages(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ has_photo: true, photo: { kind: 'upload', filename: 'cover.jpg' } });
    expect(messages[0]?.caption).toContain('Kyiv & Lviv: trains run <on time>');
    expect(messages[0]?.caption).toContain('https://babel.example.org/en/short-news/');
    expect(fake.requestsTo('sendMessage')).toHaveLength(0);
    const [photo] = fake.requestsTo('sendPhoto');
    expect(photo?.encoding).toBe('multipart');
    expect(photo?.body).toMatchObject({ chat_id: CHAT, parse_mode: 'HTML' });

    const id = messages[0]!.message_id;
    expect(r.result?.remote).toEqual({ id: String(id), url: `https://t.me/babel_test/${id}` });
    expect((await ws.receipt('short-news'))?.extra).toEqual({ kind: 'photo', chat_id: fake.chat(CHAT)!.id, photo_message_id: id });
  });

  it('sends an https image as a URL for Telegram to fetch', async () => {
    const ws = await workspace(fake);
    const r = await ws.run(writeShort(ws.dir, { image: 'https://babel.example.org/media/cover.jpg' }));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(fake.messages(CHAT)[0]?.photo).toEqual({ kind: 'url', url: 'https://babel.example.org/media/cover.jpg' });
    expect(fake.requestsTo('sendPhoto')[0]?.encoding).toBe('json');
  });

  it('sends a long article as one photo: the caption fitted to 1024 with the link and hashtags, never a second message', async () => {
    const ws = await workspace(fake);
    const r = await ws.run(withUrl(ws.dir, 'kyiv-energy-uk.md'));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('published');

    const messages = fake.messages(CHAT);
    expect(messages).toHaveLength(1);
    expect(fake.requestsTo('sendMessage')).toHaveLength(0);
    const [photo] = messages;
    expect(photo?.has_photo).toBe(true);
    const caption = photo!.caption!;
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.length).toBeGreaterThan(700); // as much body as fits, not just title and lead
    expect(caption.startsWith('Як Київ готується до зими без світла')).toBe(true);
    // The body is cut at a sentence end, then the link and the hashtags follow.
    expect(caption).toMatch(/\. …\n\nhttps:\/\/babel\.example\.org\/uk\/kyiv-energy-uk\/\n\n#енергетика #Київ #блекаут #сонячніПанелі #Укренерго$/);
    expect(photo?.entities[0]).toMatchObject({ type: 'bold', offset: 0 });

    expect(r.result?.remote).toEqual({ id: String(photo!.message_id), url: `https://t.me/babel_test/${photo!.message_id}` });
    const receipt = await ws.receipt(r.doc!.articles[0]!.id);
    expect(receipt?.extra).toEqual({ kind: 'photo', chat_id: fake.chat(CHAT)!.id, photo_message_id: photo!.message_id });
  });

  it('photo: none sends the long article as one text message of up to 4096', async () => {
    const ws = await workspace(fake, { photo: 'none' });
    const r = await ws.run(withUrl(ws.dir, 'kyiv-energy-uk.md'));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const messages = fake.messages(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.has_photo).toBe(false);
    expect(messages[0]!.text!.length).toBeGreaterThan(1024);
    expect(messages[0]!.text!.length).toBeLessThanOrEqual(4096);
    expect(fake.requestsTo('sendPhoto')).toHaveLength(0);
  });

  it('uses link_preview_options (never disable_web_page_preview) and disable_notification from the options', async () => {
    const ws = await workspace(fake, { photo: 'none', silent: true });
    const first = await ws.run(writeShort(ws.dir));
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const [request] = fake.requestsTo('sendMessage');
    expect(request?.body).toMatchObject({
      parse_mode: 'HTML',
      disable_notification: true,
      link_preview_options: { url: 'https://babel.example.org/en/short-news/' },
    });
    expect(request?.body).not.toHaveProperty('disable_web_page_preview');
    expect(fake.messages(CHAT)[0]).toMatchObject({ has_photo: false, usedDisableWebPagePreview: false });

    ws.writeConfig({ photo: 'none', link_preview: false });
    const again = await ws.run('--force', 'short.md');
    expect(again.code, again.stderr + again.stdout).toBe(0);
    const body = fake.requestsTo('sendMessage')[1]?.body;
    expect(body?.['link_preview_options']).toEqual({ is_disabled: true });
    expect(body).not.toHaveProperty('disable_notification');
  });

  it('--update edits a text post with editMessageText', async () => {
    const ws = await workspace(fake, { photo: 'none' });
    const name = writeShort(ws.dir);
    expect((await ws.run(name)).code).toBe(0);
    replaceIn(ws.dir, name, 'arrived on schedule', 'arrived within five minutes of schedule');
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('updated');

    const [message] = fake.messages(CHAT);
    expect(fake.messages(CHAT)).toHaveLength(1);
    expect(message).toMatchObject({ editCount: 1 });
    expect(message?.text).toContain('within five minutes');
    expect(fake.requestsTo('editMessageText')).toHaveLength(1);
    expect(fake.requestsTo('editMessageText')[0]?.body).toMatchObject({ message_id: message!.message_id, parse_mode: 'HTML' });
    expect(r.result?.remote?.id).toBe(String(message!.message_id));
  });

  it('--update edits a photo post with editMessageCaption, never editMessageText', async () => {
    const ws = await workspace(fake);
    const name = writeShort(ws.dir);
    expect((await ws.run(name)).code).toBe(0);
    replaceIn(ws.dir, name, 'trains run <on time>', 'trains run late');
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('updated');
    expect(fake.requestsTo('editMessageText')).toHaveLength(0);
    expect(fake.requestsTo('editMessageCaption')).toHaveLength(1);
    expect(fake.messages(CHAT)[0]).toMatchObject({ has_photo: true, editCount: 1 });
    expect(fake.messages(CHAT)[0]?.caption).toContain('Kyiv & Lviv: trains run late');
  });

  it('--update of a long photo post edits its caption, still one message', async () => {
    const ws = await workspace(fake);
    const name = withUrl(ws.dir, 'kyiv-energy-uk.md');
    expect((await ws.run(name)).code).toBe(0);
    replaceIn(ws.dir, name, 'Третю воєнну зиму поспіль', 'Четверту воєнну зиму поспіль');
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('updated');
    expect(fake.messages(CHAT)).toHaveLength(1);
    expect(fake.messages(CHAT)[0]).toMatchObject({ has_photo: true, editCount: 1 });
    expect(fake.messages(CHAT)[0]?.caption).toContain('Четверту воєнну зиму');
    expect(fake.requestsTo('editMessageText')).toHaveLength(0);
    expect(fake.requestsTo('sendMessage')).toHaveLength(0);
  });

  it('--update of a two-message post from an older version makes it one message: caption set, text deleted', async () => {
    const ws = await workspace(fake);
    const name = withUrl(ws.dir, 'kyiv-energy-uk.md');
    const id = await legacyTwoMessagePost(ws, name);
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('updated');
    const messages = fake.messages(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ message_id: id.photo, has_photo: true, editCount: 1 });
    expect(messages[0]?.caption).toMatch(/#Укренерго$/);
    expect(fake.message(CHAT, id.text)?.deleted).toBe(true);
    expect((await ws.receipt(r.doc!.articles[0]!.id))?.extra).toEqual({ kind: 'photo', chat_id: fake.chat(CHAT)!.id, photo_message_id: id.photo });
    expect(r.result?.remote?.id).toBe(String(id.photo));
  });

  it('a two-message post older than 48 hours keeps its text message, edited to the long text', async () => {
    const ws = await workspace(fake);
    const name = withUrl(ws.dir, 'kyiv-energy-uk.md');
    const id = await legacyTwoMessagePost(ws, name);
    fake.backdate(CHAT, id.text, 49 * 60 * 60);
    replaceIn(ws.dir, name, 'Третю воєнну зиму поспіль', 'Четверту воєнну зиму поспіль');
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('updated');
    const [photo, text] = fake.messages(CHAT);
    expect(fake.messages(CHAT)).toHaveLength(2);
    expect(photo?.caption).toContain('Четверту воєнну зиму');
    expect(photo!.caption!.length).toBeLessThanOrEqual(1024);
    expect(text).toMatchObject({ message_id: id.text, editCount: 1 });
    expect(text!.text!.length).toBeGreaterThan(1024);
    expect(text?.text).toContain('Четверту воєнну зиму');
    expect((await ws.receipt(r.doc!.articles[0]!.id))?.extra).toMatchObject({ kind: 'photo+text', photo_message_id: id.photo, text_message_id: id.text });
    // Nothing changed since: the next --update is unchanged, not an error.
    expect((await ws.run('--update', name)).result?.status).toBe('unchanged');
  });

  it('"message is not modified" is unchanged, never an error', async () => {
    const ws = await workspace(fake);
    const name = writeShort(ws.dir);
    expect((await ws.run(name)).code).toBe(0);
    // Another spelling of the same image: the payload changes, the caption Telegram holds does not.
    replaceIn(ws.dir, name, 'image: ./media/cover.jpg', 'image: ./media/../media/cover.jpg');
    const r = await ws.run('--update', name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('unchanged');
    expect(r.result?.error).toBeUndefined();
    expect(fake.requestsTo('editMessageCaption')).toHaveLength(1);
    expect(fake.messages(CHAT)[0]?.editCount).toBe(0);
    // The ledger now holds this payload: a further --update sends nothing at all.
    expect((await ws.run('--update', name)).result?.status).toBe('unchanged');
    expect(fake.requestsTo('editMessageCaption')).toHaveLength(1);

    // A text post whose ledger row holds the hash of an older payload shape (as after an upgrade).
    const text = await workspace(fake, { photo: 'none' });
    const short = writeShort(text.dir);
    expect((await text.run(short)).code).toBe(0);
    const ledger = await openLedger(join(text.dir, '.publish', 'state.db'));
    const row = await ledger.get('short-news', 'tg');
    expect((await ledger.begin('short-news', 'tg', 'older-shape')).ok).toBe(true);
    await ledger.settle('short-news', 'tg', { status: 'sent', receipt: row!.receipt!, contentHash: 'older-shape' });
    await ledger.close();
    const again = await text.run('--update', short);
    expect(again.result?.status).toBe('unchanged');
    expect(fake.requestsTo('editMessageText')).toHaveLength(1);
  });

  it('waits retry_after seconds after a 429 before trying again', async () => {
    const ws = await workspace(fake, { photo: 'none' });
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const r = await ws.run(writeShort(ws.dir));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [first, second] = fake.requestsTo('sendMessage');
    expect(fake.requestsTo('sendMessage')).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(fake.messages(CHAT)).toHaveLength(1);
  });

  it('a send that gets no answer is not retried and not resent: its outcome is unknown', async () => {
    const ws = await workspace(fake, { photo: 'none', timeout: '500ms' });
    fake.failNext('sendMessage', { delayMs: 3000 });
    const name = writeShort(ws.dir);
    const r = await ws.run(name);
    expect(r.code).toBe(1);
    expect(r.result?.error?.code).toBe('outcome_unknown');
    expect(r.result?.error?.message).toMatch(/may have gone out; check tg \(@babel_test\), then rerun with --force/);
    expect(fake.requestsTo('sendMessage')).toHaveLength(1);
    // The ledger keeps it in flight; a later run (this process is the holder, so pretend it died) must not send.
    const again = await ws.run(name);
    expect(fake.requestsTo('sendMessage')).toHaveLength(1);
    expect(again.result?.status).toMatch(/skipped|failed/);
  });

  it('does not retry a 403 and says how to fix it', async () => {
    fake.addChat({ username: 'elsewhere', botStatus: 'left' });
    const ws = await workspace(fake, { photo: 'none', chat: '@elsewhere' });
    const r = await ws.run(writeShort(ws.dir));
    expect(r.code).toBe(1);
    expect(fake.requestsTo('sendMessage')).toHaveLength(1);
    expect(r.result?.error).toEqual({
      code: 'not_admin',
      message: 'the bot is not an admin of @elsewhere: add it with the Post messages right',
      retryable: false,
    });
  });

  it('names the fix for a missing chat, missing rights and a rejected token', async () => {
    fake.addChat({ username: 'no_rights', canPostMessages: false });
    const cases: [Record<string, unknown>, string][] = [
      [{ chat: '@nowhere' }, 'chat not found: check `chat` (@nowhere) in channels.yaml'],
      [{ chat: '@no_rights' }, 'the bot is not an admin of @no_rights: add it with the Post messages right'],
    ];
    const ws = await workspace(fake, { photo: 'none' });
    const name = writeShort(ws.dir);
    for (const [options, message] of cases) {
      ws.writeConfig({ photo: 'none', ...options });
      const r = await ws.run(name);
      expect(r.result?.error?.message).toBe(message);
      expect(r.result?.error?.retryable).toBe(false);
    }
    fake.failNext('sendMessage', { status: 401 });
    ws.writeConfig({ photo: 'none' });
    const r = await ws.run(name);
    expect(r.result?.error).toMatchObject({ code: 'unauthorized', retryable: false });
    expect(r.result?.error?.message).toMatch(/^Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN/);
    // A token written inline has no variable to name: the message names the key instead.
    fake.failNext('sendMessage', { status: 401 });
    ws.writeConfig({ photo: 'none', token: fake.token });
    const inline = await ws.run(name);
    expect(inline.result?.error?.message).toBe("Telegram rejected the bot token: check the channel's `token`");
  });

  it('never shows the token when the server answers a non-JSON 404 (telegraf puts it in the URL)', async () => {
    const ws = await workspace(fake, { photo: 'none' });
    fake.failNext('sendMessage', { nonJson: true, status: 404 });
    const r = await runInProcess(['--json', writeShort(ws.dir)], {
      cwd: ws.dir,
      env: { TELEGRAM_BOT_TOKEN: fake.token, PUBLISH_DEBUG: '1' },
    });
    expect(r.code).toBe(1);
    const result = (JSON.parse(r.stdout) as { articles: { results: ChannelResult[] }[] }).articles[0]?.results[0];
    expect(result?.error).toMatchObject({ code: 'bad_response', retryable: false });
    expect(result?.error?.message).toContain('api_root');
    const [secret, digits] = [fake.token.split(':')[1]!, fake.token];
    for (const text of [r.stdout, r.stderr, readFileSync(join(ws.dir, '.publish', 'state.db')).toString('latin1')]) {
      expect(text).not.toContain(digits);
      expect(text).not.toContain(secret);
    }
  });

  it('links a private channel as t.me/c/<id without -100>/<message>', async () => {
    fake.addChat({ id: -1009876543210, title: 'Newsroom internal' });
    const ws = await workspace(fake, { chat: '-1009876543210' });
    const r = await ws.run(writeShort(ws.dir));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const [message] = fake.messages(-1009876543210);
    expect(r.result?.remote).toEqual({ id: String(message!.message_id), url: `https://t.me/c/9876543210/${message!.message_id}` });
  });

  it('a photo an older version sent without its text becomes the post on a rerun: no second photo', async () => {
    const ws = await workspace(fake);
    const name = withUrl(ws.dir, 'kyiv-energy-uk.md');
    const chatId = fake.chat(CHAT)!.id;
    const photo = await callFake(fake, 'sendPhoto', { chat_id: CHAT, photo: 'https://babel.example.org/cover.jpg', caption: 'short caption' });
    const ledger = await openLedger(join(ws.dir, '.publish', 'state.db'));
    await ledger.setToken('tg:pending-photo:kyiv-energy-uk', JSON.stringify({ photo_message_id: photo.message_id, chat_id: chatId }));
    await ledger.close();

    const r = await ws.run(name);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.result?.status).toBe('published');
    expect(fake.requestsTo('sendPhoto')).toHaveLength(1);
    expect(fake.requestsTo('sendMessage')).toHaveLength(0);
    const messages = fake.messages(CHAT);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.caption).toMatch(/^Як Київ готується/);
    expect(r.result?.remote?.id).toBe(String(photo.message_id));
    expect((await ws.receipt('kyiv-energy-uk'))?.extra).toEqual({ kind: 'photo', chat_id: chatId, photo_message_id: photo.message_id });
  });
});

const POLICY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, budgetMs: 20_000 };

/** A DeliverContext built by hand, for calling deliver/verify directly. */
function handContext(fake: TelegramFake, options: Record<string, unknown> = {}, timeoutMs = 5_000): DeliverContext<TelegramOptions> {
  const channel: ChannelConfig<TelegramOptions> = {
    name: 'tg',
    type: 'telegram',
    options: telegramOptions.parse({ token: fake.token, chat: CHAT, api_root: fake.url, ...options }),
    enabled: true,
    languages: undefined,
    delayMs: undefined,
    template: undefined,
    hashtags: undefined,
    retry: POLICY,
    timeoutMs,
    missing: [],
  };
  const tokens = new Map<string, string>();
  return {
    channel,
    config: {} as Config,
    article: { id: 'hand-made', image: undefined } as unknown as Article,
    link: 'https://babel.example.org/en/hand-made/',
    mode: 'create',
    previous: undefined,
    publishAt: undefined,
    attempt: createAttempt(POLICY, { timeoutMs, channel: 'tg' }),
    signal: new AbortController().signal,
    tokens: { get: async (k) => tokens.get(k), set: async (k, v) => void tokens.set(k, v) },
    progress: () => {},
  };
}

const textPost = (text: string): Post<TelegramOutput> => ({ channel: 'tg', type: 'telegram', output: { text, parse_mode: 'HTML' }, measures: [] });

describe('telegram errors and scrubbing', () => {
  let fake: TelegramFake;
  beforeEach(async () => {
    fake = await startTelegramFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('keeps the token out of the error, its cause and the cause stack on a non-JSON reply', async () => {
    fake.failNext('sendMessage', { nonJson: true, status: 404 });
    const error = await telegram.deliver!(textPost('<b>hi</b>'), handContext(fake)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    const e = error as ChannelError;
    expect(e.retryable).toBe(false);
    const cause = e.cause as Error;
    expect(cause.name).toBe('FetchError');
    expect(cause.message).toContain('/bot***/sendMessage'); // telegraf's message, token removed
    for (const text of [e.message, cause.message, cause.stack ?? '', JSON.stringify(e)]) {
      expect(text).not.toContain(fake.token);
      expect(text).not.toContain(fake.token.split(':')[1]);
    }
  });

  it('maps 429 (with retry_after), 5xx and network failures to retryable errors, bad HTML to a refusal', () => {
    const ctx = { channel: 'tg', chat: CHAT, token: '42:secret-token-value', host: 'api.telegram.org' };
    const tooMany = telegramChannelError(new TelegramError({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }), ctx);
    expect([tooMany.retryable, tooMany.retryAfter, tooMany.code]).toEqual([true, 7, 'rate_limited']);
    const server = telegramChannelError(new TelegramError({ error_code: 502, description: 'Bad Gateway' }), ctx);
    expect([server.retryable, server.code]).toEqual([true, 'server_error']);
    const refused = Object.assign(new Error('request to https://api.telegram.org/bot42:secret-token-value/sendMessage failed, reason: connect ECONNREFUSED'), { name: 'FetchError', type: 'system', code: 'ECONNREFUSED' });
    const network = telegramChannelError(refused, ctx);
    expect([network.retryable, network.code]).toEqual([true, 'network']);
    expect((network.cause as Error).message).not.toContain('secret-token-value');
    const html = telegramChannelError(new TelegramError({ error_code: 400, description: `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 84` }), ctx);
    expect(html.retryable).toBe(false);
    expect(html.message).toBe(`Telegram refused the post's HTML: Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 84`);
  });

  it('a request that outlives the channel timeout is abandoned and tried again', async () => {
    fake.failNext('getMe', { delayMs: 400 });
    const result = await telegram.verify!(handContext(fake, {}, 100));
    expect(result.ok).toBe(true);
    expect(fake.requestsTo('getMe')).toHaveLength(2);
  });
});

describe('telegram verify (publish check --online)', () => {
  let fake: TelegramFake;
  beforeEach(async () => {
    fake = await startTelegramFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('is ok when the bot is an administrator allowed to post, asking getMe, getChat and getChatMember', async () => {
    const result = await telegram.verify!(handContext(fake));
    expect(result).toEqual({ ok: true, message: '@babel_test_bot can post to @babel_test (Babel Test)' });
    expect(fake.requests.map((r) => r.method)).toEqual(['getMe', 'getChat', 'getChatMember']);
    expect(fake.requestsTo('getChatMember')[0]?.body).toMatchObject({ chat_id: CHAT, user_id: fake.botId });
  });

  it('names what to fix: no post right, not an admin, no such chat, a rejected token', async () => {
    fake.addChat({ username: 'no_rights', canPostMessages: false });
    fake.addChat({ username: 'plain_member', botStatus: 'member' });
    expect(await telegram.verify!(handContext(fake, { chat: '@no_rights' }))).toEqual({
      ok: false,
      message: '@babel_test_bot is an admin of @no_rights without the Post messages right: give it that right',
    });
    expect(await telegram.verify!(handContext(fake, { chat: '@plain_member' }))).toEqual({
      ok: false,
      message: 'the bot is not an admin of @plain_member: add it with the Post messages right',
    });
    expect(await telegram.verify!(handContext(fake, { chat: '@nowhere' }))).toEqual({
      ok: false,
      message: 'chat not found: check `chat` (@nowhere) in channels.yaml',
    });
    const wrong = await telegram.verify!(handContext(fake, { token: '123456789:not-the-right-secret' }));
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/^Telegram rejected the bot token/);
    expect(wrong.message).not.toContain('not-the-right-secret');
  });
});
