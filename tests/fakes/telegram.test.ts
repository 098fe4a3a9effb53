/**
 * Self-tests of the Telegram fake, driven by the real telegraf client: the
 * fake must accept what Telegram accepts and refuse what it refuses, with the
 * descriptions our channel code will see.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Input, Telegram, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTelegramHtml } from './telegram-html.js';
import { DEFAULT_CHANNEL, startTelegramFake } from './telegram.js';
import type { TelegramFake } from './telegram.js';

const CHANNEL = '@babel_test';

let fake: TelegramFake;
let telegram: Telegram;

beforeEach(async () => {
  fake = await startTelegramFake();
  telegram = new Telegram(fake.token, { apiRoot: fake.url });
});

afterEach(async () => {
  await fake.close();
});

/** The rejection of `promise`, which must be a TelegramError. */
async function telegramError(promise: Promise<unknown>): Promise<TelegramError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TelegramError);
  return error as TelegramError;
}

describe('sendMessage', () => {
  it('posts HTML to the default channel and keeps the visible text, the source and the entities', async () => {
    const html = '<b>Выборы</b> &amp; итоги: <a href="https://example.org/a?x=1&amp;y=2">читать</a>';
    const sent = await telegram.sendMessage(CHANNEL, html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });

    expect(sent.message_id).toBe(1);
    expect(sent.chat).toMatchObject({ id: DEFAULT_CHANNEL.id, type: 'channel', username: 'babel_test' });
    expect(sent.text).toBe('Выборы & итоги: читать');
    const [stored] = fake.messages(CHANNEL);
    expect(stored).toMatchObject({ text: 'Выборы & итоги: читать', raw: html, has_photo: false });
    expect(stored?.link_preview_options).toEqual({ is_disabled: true });
    expect(stored?.usedDisableWebPagePreview).toBe(false);
    expect(stored?.entities).toEqual([
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 16, length: 6, url: 'https://example.org/a?x=1&y=2' },
    ]);
    const [request] = fake.requestsTo('sendMessage');
    expect(request).toMatchObject({ encoding: 'json', body: { chat_id: CHANNEL, text: html, parse_mode: 'HTML' } });

    const second = await telegram.sendMessage(DEFAULT_CHANNEL.id, 'second');
    expect(second.message_id).toBe(2);
  });

  it('refuses <br> with the real description and the byte offset of the tag', async () => {
    const prefix = 'Новость дня: <b>выборы</b> — итоги и планы. Итог!! ';
    expect(Buffer.byteLength(prefix)).toBe(84); // the offset counts UTF-8 bytes, not characters
    const error = await telegramError(telegram.sendMessage(CHANNEL, `${prefix}<br>дальше`, { parse_mode: 'HTML' }));
    expect(error.code).toBe(400);
    expect(error.description).toBe(`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 84`);
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('refuses the named entity &nbsp; but accepts the four named entities and numeric ones', async () => {
    const nbsp = await telegramError(telegram.sendMessage(CHANNEL, 'a&nbsp;b', { parse_mode: 'HTML' }));
    expect(nbsp.description).toBe(`Bad Request: can't parse entities: Unsupported HTML entity "&nbsp;" at byte offset 1`);

    await telegram.sendMessage(CHANNEL, '&lt;&gt;&amp;&quot; &#8212; &#x1F600;', { parse_mode: 'HTML' });
    expect(fake.messages(CHANNEL)[0]?.text).toBe('<>&" — 😀');
  });

  it('refuses unclosed, mismatched and stray tags and unescaped < and &', async () => {
    const cases: [string, string][] = [
      ['<b>bold', `Can't find end tag corresponding to start tag "b"`],
      ['<b>bold</i>', 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'],
      ['text</b>', 'Unexpected end tag at byte offset 4'],
      ['1 < 2', 'Unsupported start tag "" at byte offset 2'],
      ['AT&T', 'Character "&" at byte offset 2 must be escaped as "&amp;"'],
      ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
      ['<p>para</p>', 'Unsupported start tag "p" at byte offset 0'],
    ];
    for (const [html, reason] of cases) {
      const error = await telegramError(telegram.sendMessage(CHANNEL, html, { parse_mode: 'HTML' }));
      expect(error.description, html).toBe(`Bad Request: can't parse entities: ${reason}`);
    }
    // The same text without parse_mode is plain text and goes through untouched.
    await telegram.sendMessage(CHANNEL, '1 < 2 & AT&T <br>');
    expect(fake.messages(CHANNEL)[0]?.text).toBe('1 < 2 & AT&T <br>');
  });

  it('counts the limit on the visible text in UTF-16 units: 4096 passes, 4097 does not', async () => {
    const visible4096 = 'a&amp;'.repeat(2048); // 12288 source bytes, 4096 visible characters
    await telegram.sendMessage(CHANNEL, `<b>${visible4096}</b>`, { parse_mode: 'HTML' });
    expect(fake.messages(CHANNEL)[0]?.text).toHaveLength(4096);

    const tooLong = await telegramError(telegram.sendMessage(CHANNEL, 'x'.repeat(4097)));
    expect(tooLong.description).toBe('Bad Request: message is too long');

    await telegram.sendMessage(CHANNEL, '😀'.repeat(2048)); // 2048 emoji = 4096 UTF-16 units
    const emoji = await telegramError(telegram.sendMessage(CHANNEL, '😀'.repeat(2048) + 'x'));
    expect(emoji.description).toBe('Bad Request: message is too long');
  });

  it('refuses a text that is empty once tags and surrounding whitespace are gone', async () => {
    const error = await telegramError(telegram.sendMessage(CHANNEL, ' <b> </b>\n', { parse_mode: 'HTML' }));
    expect(error.description).toBe('Bad Request: message text is empty');
  });

  it('records the pre-7.0 disable_web_page_preview parameter', async () => {
    await telegram.sendMessage(CHANNEL, 'old style', { disable_web_page_preview: true } as never);
    expect(fake.messages(CHANNEL)[0]?.usedDisableWebPagePreview).toBe(true);
  });
});

describe('chats and rights', () => {
  it('answers getMe, getChat and getChatMember for the default channel', async () => {
    const me = await telegram.getMe();
    expect(me).toMatchObject({ id: fake.botId, is_bot: true, username: 'babel_test_bot' });
    const chat = await telegram.getChat(CHANNEL);
    expect(chat).toMatchObject({ id: DEFAULT_CHANNEL.id, type: 'channel', username: 'babel_test' });
    const member = await telegram.getChatMember(CHANNEL, me.id);
    expect(member).toMatchObject({ status: 'administrator', can_post_messages: true });
  });

  it('refuses unknown chats, chats where the bot is not admin and chats it is not in', async () => {
    const unknown = await telegramError(telegram.sendMessage('@nowhere', 'hi'));
    expect([unknown.code, unknown.description]).toEqual([400, 'Bad Request: chat not found']);

    fake.addChat({ username: 'no_rights', botStatus: 'administrator', canPostMessages: false });
    const member = await telegram.getChatMember('@no_rights', fake.botId);
    expect(member).toMatchObject({ status: 'administrator', can_post_messages: false });
    const noRights = await telegramError(telegram.sendMessage('@no_rights', 'hi'));
    expect(noRights.description).toBe('Bad Request: need administrator rights in the channel chat');

    fake.addChat({ username: 'plain_member', botStatus: 'member' });
    expect((await telegram.getChatMember('@plain_member', fake.botId)).status).toBe('member');
    const plain = await telegramError(telegram.sendMessage('@plain_member', 'hi'));
    expect(plain.code).toBe(400);

    fake.addChat({ username: 'elsewhere', botStatus: 'left' });
    expect((await telegram.getChatMember('@elsewhere', fake.botId)).status).toBe('left');
    const left = await telegramError(telegram.sendMessage('@elsewhere', 'hi'));
    expect([left.code, left.description]).toEqual([403, 'Forbidden: bot is not a member of the channel chat']);
    const private_ = fake.addChat({ botStatus: 'left' });
    const hidden = await telegramError(telegram.getChat(private_.id));
    expect(hidden.description).toBe('Bad Request: chat not found');
  });
});

describe('sendPhoto', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tg-fake-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a local file as multipart and records its size', async () => {
    const file = join(dir, 'cover.jpg');
    const bytes = Buffer.alloc(3210, 0xab);
    await writeFile(file, bytes);
    const sent = await telegram.sendPhoto(CHANNEL, Input.fromLocalFile(file), {
      caption: '<i>Обложка</i> недели',
      parse_mode: 'HTML',
    });

    expect(sent.caption).toBe('Обложка недели');
    expect(sent.photo.length).toBeGreaterThan(0);
    const [request] = fake.requestsTo('sendPhoto');
    expect(request?.encoding).toBe('multipart');
    expect(request?.files).toEqual([{ field: 'photo', filename: 'cover.jpg', size: 3210 }]);
    expect(request?.body).toMatchObject({ chat_id: CHANNEL, parse_mode: 'HTML' });
    expect(fake.messages(CHANNEL)[0]).toMatchObject({
      has_photo: true,
      caption: 'Обложка недели',
      photo: { kind: 'upload', filename: 'cover.jpg', size: 3210 },
    });

    // The returned file_id can be sent again without uploading.
    const fileId = sent.photo.at(-1)!.file_id;
    await telegram.sendPhoto(CHANNEL, fileId);
    expect(fake.messages(CHANNEL)[1]?.photo).toEqual({ kind: 'file_id', fileId });
  });

  it('accepts an https URL, refuses unknown file ids, and limits the caption to 1024', async () => {
    const url = 'https://example.org/cover.jpg';
    await telegram.sendPhoto(CHANNEL, url, { caption: 'c'.repeat(1024) });
    expect(fake.messages(CHANNEL)[0]?.photo).toEqual({ kind: 'url', url });

    const long = await telegramError(telegram.sendPhoto(CHANNEL, url, { caption: 'c'.repeat(1025) }));
    expect(long.description).toBe('Bad Request: message caption is too long');

    const badId = await telegramError(telegram.sendPhoto(CHANNEL, 'not-a-file-id'));
    expect(badId.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
  });
});

describe('edits and deletion', () => {
  it('edits a text post and refuses an identical edit as not modified', async () => {
    const sent = await telegram.sendMessage(CHANNEL, '<b>v1</b>', { parse_mode: 'HTML' });
    await telegram.editMessageText(CHANNEL, sent.message_id, undefined, '<b>v2</b> done', { parse_mode: 'HTML' });
    expect(fake.message(CHANNEL, sent.message_id)).toMatchObject({ text: 'v2 done', raw: '<b>v2</b> done', editCount: 1 });

    // <strong> is the same entity as <b>: same content, so not modified.
    const same = await telegramError(
      telegram.editMessageText(CHANNEL, sent.message_id, undefined, '<strong>v2</strong> done', { parse_mode: 'HTML' }),
    );
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const tooLong = await telegramError(telegram.editMessageText(CHANNEL, sent.message_id, undefined, 'y'.repeat(4097)));
    expect(tooLong.description).toBe('Bad Request: MESSAGE_TOO_LONG');
    const missing = await telegramError(telegram.editMessageText(CHANNEL, 999, undefined, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
  });

  it('edits a photo caption, and refuses editMessageText on a photo post', async () => {
    const sent = await telegram.sendPhoto(CHANNEL, 'https://example.org/a.jpg', { caption: 'old' });
    const textEdit = await telegramError(telegram.editMessageText(CHANNEL, sent.message_id, undefined, 'new'));
    expect(textEdit.description).toBe('Bad Request: there is no text in the message to edit');

    await telegram.editMessageCaption(CHANNEL, sent.message_id, undefined, '<b>new</b>', { parse_mode: 'HTML' });
    expect(fake.message(CHANNEL, sent.message_id)).toMatchObject({ caption: 'new', editCount: 1 });
    const same = await telegramError(
      telegram.editMessageCaption(CHANNEL, sent.message_id, undefined, '<b>new</b>', { parse_mode: 'HTML' }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    const long = await telegramError(
      telegram.editMessageCaption(CHANNEL, sent.message_id, undefined, 'c'.repeat(1025)),
    );
    expect(long.code).toBe(400);
  });

  it('deletes a message once', async () => {
    const sent = await telegram.sendMessage(CHANNEL, 'to delete');
    expect(await telegram.deleteMessage(CHANNEL, sent.message_id)).toBe(true);
    expect(fake.messages(CHANNEL)).toEqual([]);
    expect(fake.message(CHANNEL, sent.message_id)?.deleted).toBe(true);
    const again = await telegramError(telegram.deleteMessage(CHANNEL, sent.message_id));
    expect(again.description).toBe('Bad Request: message to delete not found');
  });

  it('deletes only messages of the last 48 hours; an older one can still be edited', async () => {
    const sent = await telegram.sendMessage(CHANNEL, 'old news');
    fake.backdate(CHANNEL, sent.message_id, 48 * 60 * 60);
    const refused = await telegramError(telegram.deleteMessage(CHANNEL, sent.message_id));
    expect(refused.description).toBe("Bad Request: message can't be deleted");
    await telegram.editMessageText(CHANNEL, sent.message_id, undefined, 'old news, corrected');
    expect(fake.message(CHANNEL, sent.message_id)).toMatchObject({ text: 'old news, corrected', deleted: false });
    const recent = await telegram.sendMessage(CHANNEL, 'new news');
    fake.backdate(CHANNEL, recent.message_id, 47 * 60 * 60);
    expect(await telegram.deleteMessage(CHANNEL, recent.message_id)).toBe(true);
  });

  it('the 48-hour rule follows the injected clock', async () => {
    let clock = Date.parse('2030-01-01T12:00:00Z');
    const timed = await startTelegramFake({ now: () => clock });
    try {
      const bot = new Telegram(timed.token, { apiRoot: timed.url });
      const first = await bot.sendMessage(CHANNEL, 'first');
      const second = await bot.sendMessage(CHANNEL, 'second');
      expect(timed.message(CHANNEL, first.message_id)?.date).toBe(Math.floor(clock / 1000));
      clock += 48 * 3600_000 - 1000;
      expect(await bot.deleteMessage(CHANNEL, first.message_id)).toBe(true);
      clock += 1000;
      const refused = await telegramError(bot.deleteMessage(CHANNEL, second.message_id));
      expect(refused.description).toBe("Bad Request: message can't be deleted");
    } finally {
      await timed.close();
    }
  });

  it('an edited caption is counted after entity parsing: 1024 visible characters pass, 1025 do not', async () => {
    const sent = await telegram.sendPhoto(CHANNEL, 'https://example.org/a.jpg', { caption: 'old' });
    await telegram.editMessageCaption(CHANNEL, sent.message_id, undefined, `<b>${'&amp;'.repeat(1024)}</b>`, { parse_mode: 'HTML' });
    expect(fake.message(CHANNEL, sent.message_id)?.caption).toHaveLength(1024);
    const over = await telegramError(
      telegram.editMessageCaption(CHANNEL, sent.message_id, undefined, `<b>${'&amp;'.repeat(1025)}</b>`, { parse_mode: 'HTML' }),
    );
    expect(over.description).toBe('Bad Request: MEDIA_CAPTION_TOO_LONG');
    const caption = await telegramError(telegram.editMessageCaption(CHANNEL, 999, undefined, 'x'));
    expect(caption.description).toBe('Bad Request: message to edit not found');
    const onText = await telegram.sendMessage(CHANNEL, 'text only');
    const noCaption = await telegramError(telegram.editMessageCaption(CHANNEL, onText.message_id, undefined, 'x'));
    expect(noCaption.description).toBe('Bad Request: there is no caption in the message to edit');
  });
});

describe('authentication, routing and faults', () => {
  it('answers a wrong token with 401 Unauthorized', async () => {
    const wrong = new Telegram('123456789:wrong-secret', { apiRoot: fake.url });
    const error = await telegramError(wrong.getMe());
    expect([error.code, error.description]).toEqual([401, 'Unauthorized']);
  });

  it('answers an unknown method with 404 Not Found', async () => {
    const res = await fetch(`${fake.url}bot${fake.token}/sendSticker`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });

  it('injects a 429 with retry_after, once', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 35 });
    const error = await telegramError(telegram.sendMessage(CHANNEL, 'hi'));
    expect(error.code).toBe(429);
    expect(error.description).toBe('Too Many Requests: retry after 35');
    expect(error.parameters?.retry_after).toBe(35);
    expect(fake.messages(CHANNEL)).toEqual([]);
    await telegram.sendMessage(CHANNEL, 'hi');
    expect(fake.messages(CHANNEL)).toHaveLength(1);
  });

  it('injects 500 and 502 for any method with "*"', async () => {
    fake.failNext('*', { status: 500 });
    fake.failNext('*', { status: 502 });
    expect((await telegramError(telegram.getMe())).code).toBe(500);
    expect((await telegramError(telegram.getChat(CHANNEL))).code).toBe(502);
    await expect(telegram.getMe()).resolves.toMatchObject({ is_bot: true });
  });

  it('a non-JSON 404 makes telegraf throw a FetchError that leaks the token', async () => {
    fake.failNext('sendMessage', { nonJson: true, status: 404 });
    const error: unknown = await telegram.sendMessage(CHANNEL, 'secret post').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TelegramError);
    expect((error as Error).name).toBe('FetchError');
    expect((error as Error).message).toContain(`/bot${fake.token}/sendMessage`);
    expect((error as Error).message).toContain(fake.token); // so our code must scrub it
  });

  it('delays a reply and records every request with its time', async () => {
    fake.failNext('getMe', { delayMs: 50 }, 2);
    await telegram.getMe();
    await telegram.getMe();
    await telegram.getMe();
    const times = fake.requestsTo('getMe').map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[0]).toBeLessThanOrEqual(times[1]!);
    expect(fake.requests.every((r) => r.path === `/bot${fake.token}/getMe`)).toBe(true);
  });
});

describe('parseTelegramHtml', () => {
  it('measures entities in UTF-16 units and merges <pre><code class>', () => {
    const parsed = parseTelegramHtml('😀 <i>x</i>\n<pre><code class="language-ts">let a = 1;</code></pre>');
    expect(parsed).toEqual({
      ok: true,
      text: '😀 x\nlet a = 1;',
      entities: [
        { type: 'italic', offset: 3, length: 1 },
        { type: 'pre', offset: 5, length: 10, language: 'ts' },
      ],
    });
  });

  it('accepts every allowed tag, including expandable blockquotes and custom emoji', () => {
    const html =
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>' +
      '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://x.org">a</a>' +
      '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji><code>c</code><pre>p</pre>' +
      '<blockquote>q</blockquote><blockquote expandable>e</blockquote>';
    const parsed = parseTelegramHtml(html);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.entities.map((e) => e.type)).toContain('expandable_blockquote');
      expect(parsed.entities).toHaveLength(17);
    }
  });

  it('trims surrounding whitespace and shifts entities with it', () => {
    expect(parseTelegramHtml('\n  <b>x</b> y \n')).toEqual({
      ok: true,
      text: 'x y',
      entities: [{ type: 'bold', offset: 0, length: 1 }],
    });
  });
});
