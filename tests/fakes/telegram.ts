/**
 * A strict local Telegram Bot API for tests: point telegraf's
 * `new Telegram(token, { apiRoot: fake.url })` at it. It refuses what the real
 * server refuses (HTML it cannot parse, texts too long after entity parsing,
 * edits of the wrong kind, chats the bot cannot post to) with the real status
 * codes and descriptions, keeps every message so tests can check edits, and
 * can be told to fail the next requests (429, 5xx, a non-JSON page, a delay).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FaultQueue,
  contentTypeParam,
  mediaType,
  parseForm,
  parseJson,
  parseMultipart,
  readBody,
  sendHtml,
  sendJson,
  sleep,
  startServer,
} from './http.js';
import type { UploadedFile } from './http.js';
import { parseTelegramHtml } from './telegram-html.js';
import type { TelegramEntity } from './telegram-html.js';

/** Options of {@link startTelegramFake}. */
export interface TelegramFakeOptions {
  /**
   * The only token the fake accepts.
   * @default '123456789:AAFakeTokenForTestsOnly_abcdefghijk'
   */
  token?: string;
  /**
   * The bot's username (getMe).
   * @default 'babel_test_bot'
   */
  botUsername?: string;
  /** The fake's clock in ms (message dates, the 48-hour delete rule). @default Date.now */
  now?: () => number;
}

/** How the bot stands in a chat. */
export interface ChatSetup {
  /** Public username without `@`; omit for a private channel reachable by id only. */
  username?: string;
  /** Chat id; generated (`-100…`) when omitted. */
  id?: number;
  /** @default the username, or 'Private channel' */
  title?: string;
  /**
   * `administrator`, `member` (in a channel: no rights to post) or `left` (not a member).
   * @default 'administrator'
   */
  botStatus?: 'administrator' | 'member' | 'left';
  /** Administrator right to post. @default true */
  canPostMessages?: boolean;
  /** Administrator right to edit others' posts. @default true */
  canEditMessages?: boolean;
  /** Administrator right to delete posts. @default true */
  canDeleteMessages?: boolean;
}

/** A chat the fake knows. */
export interface FakeChat {
  id: number;
  username?: string;
  title: string;
  botStatus: 'administrator' | 'member' | 'left';
  canPostMessages: boolean;
  canEditMessages: boolean;
  canDeleteMessages: boolean;
}

/** Where a photo came from. */
export type PhotoSource =
  | { kind: 'url'; url: string }
  | { kind: 'file_id'; fileId: string }
  | { kind: 'upload'; filename: string; size: number };

/** A message as the fake stores it. */
export interface StoredMessage {
  message_id: number;
  chatId: number;
  date: number;
  /** Visible text after entity parsing (text messages). */
  text?: string;
  /** Visible caption after entity parsing (photo messages). */
  caption?: string;
  /** The text or caption exactly as sent (HTML source when parse_mode is HTML). */
  raw?: string;
  parseMode?: string;
  entities: TelegramEntity[];
  has_photo: boolean;
  photo?: PhotoSource;
  /** File id the fake gave the photo; sendPhoto with it resends the same file. */
  photoFileId?: string;
  link_preview_options?: Record<string, unknown>;
  /** The request used the pre-7.0 `disable_web_page_preview` parameter. */
  usedDisableWebPagePreview: boolean;
  editCount: number;
  edit_date?: number;
  deleted: boolean;
}

/** One request the fake received. */
export interface TelegramRequest {
  /** Bot API method from the path (`sendMessage`), as received. */
  method: string;
  path: string;
  /** Parameters as received: JSON as parsed; multipart and form fields as strings. */
  body: Record<string, unknown>;
  /** `json`, `multipart`, `form` or `none`. */
  encoding: 'json' | 'multipart' | 'form' | 'none';
  /** Uploaded files (multipart only), without their bytes. */
  files: { field: string; filename: string; size: number }[];
  at: number;
}

/** A failure to inject with {@link TelegramFake.failNext}. */
export type TelegramFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 }
  /** The answer to a wrong or revoked token, as if the token had not matched. */
  | { status: 401 }
  | { nonJson: true; status: number }
  | { delayMs: number }
  /** Does what was asked (the message is created), then never answers: the reply is lost. */
  | { noReply: true };

/** A running Telegram fake. */
export interface TelegramFake {
  /** apiRoot for telegraf, ending with `/`. */
  url: string;
  token: string;
  /** The bot's user id (the token's digits before `:`). */
  botId: number;
  /** Every request received, in order. */
  requests: TelegramRequest[];
  /** Adds (or replaces) a chat; returns it. */
  addChat(setup: ChatSetup): FakeChat;
  /** The chat for `@username` or an id; undefined when unknown. */
  chat(chat: string | number): FakeChat | undefined;
  /** Messages not deleted in the chat, oldest first. Throws for an unknown chat. */
  messages(chat: string | number): StoredMessage[];
  /** One message (deleted ones too), or undefined. */
  message(chat: string | number, messageId: number): StoredMessage | undefined;
  /** Requests to one method. */
  requestsTo(method: string): TelegramRequest[];
  /**
   * Moves a message's send time `seconds` into the past: a bot may delete only messages of
   * the last 48 hours (older ones answer "message can't be deleted"; editing still works).
   */
  backdate(chat: string | number, messageId: number, seconds: number): void;
  /** Makes the next `count` calls to `method` (or any with `'*'`) fail with `fault`. */
  failNext(method: string, fault: TelegramFault, count?: number): void;
  close(): Promise<void>;
}

/** The default channel: public, the bot is an administrator allowed to post. */
export const DEFAULT_CHANNEL = { username: 'babel_test', id: -1001234567890, title: 'Babel Test' } as const;

const DEFAULT_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijk';
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024;
/** A bot may delete a message only this long after it was sent. */
const DELETE_WINDOW_SECONDS = 48 * 60 * 60;
const METHODS = new Set([
  'sendMessage', 'sendPhoto', 'editMessageText', 'editMessageCaption',
  'deleteMessage', 'getMe', 'getChat', 'getChatMember',
]);
const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** A Bot API refusal: becomes `{ok:false, error_code, description, parameters?}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

/** Starts the fake on 127.0.0.1 with `@babel_test` configured. */
export async function startTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const token = options.token ?? DEFAULT_TOKEN;
  const botId = Number(/^(\d+):/.exec(token)?.[1] ?? 123456789);
  const botUsername = options.botUsername ?? 'babel_test_bot';
  const clock = options.now ?? Date.now;
  const chats = new Map<number, FakeChat>();
  const store = new Map<number, StoredMessage[]>();
  const knownFileIds = new Set<string>();
  const requests: TelegramRequest[] = [];
  const faults = new FaultQueue<TelegramFault>();
  let nextChatId = -1009000000001;
  let nextFile = 1;

  const addChat = (setup: ChatSetup): FakeChat => {
    const chat: FakeChat = {
      id: setup.id ?? nextChatId--,
      title: setup.title ?? setup.username ?? 'Private channel',
      botStatus: setup.botStatus ?? 'administrator',
      canPostMessages: setup.canPostMessages ?? true,
      canEditMessages: setup.canEditMessages ?? true,
      canDeleteMessages: setup.canDeleteMessages ?? true,
    };
    if (setup.username !== undefined) chat.username = setup.username.replace(/^@/, '');
    chats.set(chat.id, chat);
    if (!store.has(chat.id)) store.set(chat.id, []);
    return chat;
  };
  addChat({ ...DEFAULT_CHANNEL });

  const findChat = (ref: unknown): FakeChat | undefined => {
    if (typeof ref === 'number') return chats.get(ref);
    if (typeof ref !== 'string') return undefined;
    if (/^-?\d+$/.test(ref)) return chats.get(Number(ref));
    if (!ref.startsWith('@')) return undefined;
    const name = ref.slice(1).toLowerCase();
    return [...chats.values()].find((chat) => chat.username?.toLowerCase() === name);
  };

  const chatOrThrow = (params: Params): FakeChat => {
    const ref = params['chat_id'];
    if (ref === undefined || ref === '') throw badRequest('chat_id is empty');
    const chat = findChat(ref);
    // A private channel the bot is not in is invisible to it.
    if (!chat || (chat.botStatus === 'left' && chat.username === undefined)) throw badRequest('chat not found');
    return chat;
  };

  const requirePosting = (chat: FakeChat): void => {
    if (chat.botStatus === 'left') throw new ApiError(403, 'Forbidden: bot is not a member of the channel chat');
    if (chat.botStatus !== 'administrator' || !chat.canPostMessages) {
      throw badRequest('need administrator rights in the channel chat');
    }
  };

  const chatJson = (chat: FakeChat): Record<string, unknown> => {
    const json: Record<string, unknown> = { id: chat.id, title: chat.title, type: 'channel' };
    if (chat.username !== undefined) json['username'] = chat.username;
    return json;
  };

  const messageJson = (message: StoredMessage): Record<string, unknown> => {
    const chat = chats.get(message.chatId)!;
    const json: Record<string, unknown> = {
      message_id: message.message_id,
      sender_chat: chatJson(chat),
      chat: chatJson(chat),
      date: message.date,
    };
    if (message.edit_date !== undefined) json['edit_date'] = message.edit_date;
    if (message.has_photo) {
      const fileId = message.photoFileId!;
      json['photo'] = [
        { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, file_size: 1200, width: 90, height: 60 },
        { file_id: fileId, file_unique_id: `${fileId}-u`, file_size: 48000, width: 1280, height: 853 },
      ];
      if (message.caption) {
        json['caption'] = message.caption;
        if (message.entities.length > 0) json['caption_entities'] = message.entities;
      }
    } else {
      json['text'] = message.text;
      if (message.entities.length > 0) json['entities'] = message.entities;
      if (message.link_preview_options) json['link_preview_options'] = message.link_preview_options;
    }
    return json;
  };

  const findMessage = (chat: FakeChat, params: Params, what: 'edit' | 'delete'): StoredMessage => {
    const id = integerParam(params['message_id']);
    if (id === undefined) throw badRequest('message identifier is not specified');
    const message = store.get(chat.id)?.find((m) => m.message_id === id && !m.deleted);
    if (!message) throw badRequest(`message to ${what} not found`);
    return message;
  };

  const storeMessage = (chat: FakeChat, fields: Omit<StoredMessage, 'message_id' | 'chatId' | 'date' | 'editCount' | 'deleted'>): StoredMessage => {
    const list = store.get(chat.id)!;
    const message: StoredMessage = {
      message_id: (list.at(-1)?.message_id ?? 0) + 1,
      chatId: chat.id,
      date: Math.floor(clock() / 1000),
      editCount: 0,
      deleted: false,
      ...fields,
    };
    list.push(message);
    return message;
  };

  const methods: Record<string, (params: Params, files: UploadedFile[]) => unknown> = {
    getMe: () => ({
      id: botId,
      is_bot: true,
      first_name: 'Babel Test Bot',
      username: botUsername,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    }),

    getChat: (params) => ({ ...chatJson(chatOrThrow(params)), accent_color_id: 0, max_reaction_count: 11 }),

    getChatMember: (params) => {
      const chat = chatOrThrow(params);
      const userId = integerParam(params['user_id']);
      if (userId === undefined) throw badRequest('user_id is empty');
      if (userId !== botId) throw badRequest('user not found');
      const user = { id: botId, is_bot: true, first_name: 'Babel Test Bot', username: botUsername };
      if (chat.botStatus !== 'administrator') return { status: chat.botStatus, user };
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_change_info: false,
        can_post_messages: chat.canPostMessages,
        can_edit_messages: chat.canEditMessages,
        can_delete_messages: chat.canDeleteMessages,
        can_invite_users: false,
        can_restrict_members: false,
        can_promote_members: false,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      };
    },

    sendMessage: (params) => {
      const chat = chatOrThrow(params);
      const parsed = parseBody(params, 'text');
      if (parsed.text.length === 0) throw badRequest('message text is empty');
      if (parsed.text.length > TEXT_LIMIT) throw badRequest('message is too long');
      requirePosting(chat);
      const message = storeMessage(chat, {
        ...parsed,
        has_photo: false,
        usedDisableWebPagePreview: params['disable_web_page_preview'] !== undefined,
      });
      const preview = linkPreviewOptions(params);
      if (preview) message.link_preview_options = preview;
      return messageJson(message);
    },

    sendPhoto: (params, files) => {
      const chat = chatOrThrow(params);
      const photo = photoSource(params['photo'], files, knownFileIds);
      const parsed = parseBody(params, 'caption');
      if (parsed.text.length > CAPTION_LIMIT) throw badRequest('message caption is too long');
      requirePosting(chat);
      const photoFileId = photo.kind === 'file_id' ? photo.fileId : `AgACAgFake${String(nextFile++).padStart(6, '0')}`;
      knownFileIds.add(photoFileId);
      const message = storeMessage(chat, {
        caption: parsed.text,
        raw: parsed.raw,
        entities: parsed.entities,
        has_photo: true,
        photo,
        photoFileId,
        usedDisableWebPagePreview: false,
        ...(parsed.parseMode === undefined ? {} : { parseMode: parsed.parseMode }),
      });
      return messageJson(message);
    },

    editMessageText: (params) => {
      const chat = chatOrThrow(params);
      requireEditing(chat);
      const message = findMessage(chat, params, 'edit');
      if (message.has_photo) throw badRequest('there is no text in the message to edit');
      const parsed = parseBody(params, 'text');
      if (parsed.text.length === 0) throw badRequest('message text is empty');
      if (parsed.text.length > TEXT_LIMIT) throw badRequest('MESSAGE_TOO_LONG');
      if (parsed.text === message.text && sameEntities(parsed.entities, message.entities)) {
        throw new ApiError(400, NOT_MODIFIED);
      }
      applyEdit(message, parsed);
      const preview = linkPreviewOptions(params);
      if (preview) message.link_preview_options = preview;
      if (params['disable_web_page_preview'] !== undefined) message.usedDisableWebPagePreview = true;
      return messageJson(message);
    },

    editMessageCaption: (params) => {
      const chat = chatOrThrow(params);
      requireEditing(chat);
      const message = findMessage(chat, params, 'edit');
      if (!message.has_photo) throw badRequest('there is no caption in the message to edit');
      const parsed = parseBody(params, 'caption');
      // UNVERIFIED wording: edits report MTProto-style names (MESSAGE_TOO_LONG is documented).
      if (parsed.text.length > CAPTION_LIMIT) throw badRequest('MEDIA_CAPTION_TOO_LONG');
      if (parsed.text === (message.caption ?? '') && sameEntities(parsed.entities, message.entities)) {
        throw new ApiError(400, NOT_MODIFIED);
      }
      applyEdit(message, parsed);
      return messageJson(message);
    },

    deleteMessage: (params) => {
      const chat = chatOrThrow(params);
      if (chat.botStatus === 'left') throw new ApiError(403, 'Forbidden: bot is not a member of the channel chat');
      const message = findMessage(chat, params, 'delete');
      // A channel bot may delete its own posts with can_post_messages, others' with can_delete_messages.
      if (chat.botStatus !== 'administrator' || !(chat.canDeleteMessages || chat.canPostMessages)) {
        throw badRequest("message can't be deleted");
      }
      if (Math.floor(clock() / 1000) - message.date >= DELETE_WINDOW_SECONDS) throw badRequest("message can't be deleted");
      message.deleted = true;
      return true;
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(path);
    const body = await readBody(req);
    const request: TelegramRequest = {
      method: match?.[2] ?? '',
      path,
      body: {},
      encoding: 'none',
      files: [],
      at: Date.now(),
    };
    requests.push(request);

    // Decoded up front so faulted requests are recorded with their parameters too.
    let decoded: ReturnType<typeof decodeParams> | undefined;
    let decodeError: ApiError | undefined;
    try {
      decoded = decodeParams(req, body);
      request.body = decoded.params;
      request.encoding = decoded.encoding;
      request.files = decoded.files.map(({ field, filename, size }) => ({ field, filename, size }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      decodeError = error;
    }

    const fault = faults.take(request.method);
    const noReply = fault !== undefined && 'noReply' in fault;
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
    else if (fault && !noReply) return sendFault(res, fault as Exclude<TelegramFault, { delayMs: number } | { noReply: true }>);

    if (req.method !== 'POST' && req.method !== 'GET') return sendError(res, new ApiError(404, 'Not Found'));
    if (!match) return sendError(res, new ApiError(404, 'Not Found'));
    if (match[1] !== token) return sendError(res, new ApiError(401, 'Unauthorized'));
    if (!METHODS.has(request.method)) return sendError(res, new ApiError(404, 'Not Found'));
    if (decodeError || !decoded) return sendError(res, decodeError ?? badRequest('no parameters'));

    try {
      const result = methods[request.method]!(decoded.params, decoded.files);
      // The connection stays open and silent until the client gives up (or the fake closes).
      if (noReply) return;
      sendJson(res, 200, { ok: true, result });
    } catch (error) {
      if (error instanceof ApiError) return sendError(res, error);
      throw error;
    }
  };

  /** Chat lookup for tests: `'babel_test'` works as well as `'@babel_test'` or the id. */
  const chatForTests = (ref: string | number): FakeChat | undefined =>
    findChat(typeof ref === 'string' && !ref.startsWith('@') && !/^-?\d+$/.test(ref) ? `@${ref}` : ref);

  const running = await startServer(handle);
  return {
    url: running.url,
    token,
    botId,
    requests,
    addChat,
    chat: chatForTests,
    messages(ref) {
      const chat = chatForTests(ref);
      if (!chat) throw new Error(`telegram fake: unknown chat ${String(ref)}`);
      return store.get(chat.id)!.filter((m) => !m.deleted);
    },
    message(ref, messageId) {
      const chat = chatForTests(ref);
      return chat ? store.get(chat.id)!.find((m) => m.message_id === messageId) : undefined;
    },
    requestsTo: (method) => requests.filter((r) => r.method === method),
    backdate(ref, messageId, seconds) {
      const chat = chatForTests(ref);
      const message = chat ? store.get(chat.id)!.find((m) => m.message_id === messageId) : undefined;
      if (!message) throw new Error(`telegram fake: no message ${messageId} in ${String(ref)}`);
      message.date -= seconds;
    },
    failNext: (method, fault, count = 1) => faults.add(method, fault, count),
    close: () => running.close(),
  };
}

type Params = Record<string, unknown>;

function decodeParams(
  req: IncomingMessage,
  body: Buffer,
): { params: Params; files: UploadedFile[]; encoding: TelegramRequest['encoding'] } {
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams);
  const type = mediaType(req);
  if (body.length === 0) return { params: query, files: [], encoding: 'none' };
  if (type === 'application/json') {
    const json = parseJson(body);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw badRequest("can't parse JSON object");
    }
    return { params: { ...query, ...(json as Params) }, files: [], encoding: 'json' };
  }
  if (type === 'multipart/form-data') {
    const boundary = contentTypeParam(req, 'boundary');
    if (!boundary) throw badRequest('multipart boundary is not specified');
    try {
      const { fields, files } = parseMultipart(body, boundary);
      return { params: { ...query, ...fields }, files, encoding: 'multipart' };
    } catch (error) {
      throw badRequest(`can't parse multipart/form-data: ${(error as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { params: { ...query, ...parseForm(body) }, files: [], encoding: 'form' };
  }
  return { params: query, files: [], encoding: 'none' };
}

/** Numbers arrive as JSON numbers or as strings (multipart, form). */
function integerParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

interface ParsedBody {
  text: string;
  raw: string;
  entities: TelegramEntity[];
  parseMode?: string;
}

/** Reads `text` or `caption` and applies parse_mode; visible text is trimmed like the server does. */
function parseBody(params: Params, field: 'text' | 'caption'): ParsedBody {
  const value = params[field];
  const raw = value === undefined || value === null ? '' : String(value);
  const mode = params['parse_mode'];
  if (mode === undefined || mode === null || mode === '') {
    return { text: raw.trim(), raw, entities: [] };
  }
  if (typeof mode !== 'string') throw badRequest('unsupported parse_mode');
  if (mode.toLowerCase() !== 'html') {
    // Fake-only refusal: the real server supports Markdown, the fake does not check it.
    if (/^markdown(v2)?$/i.test(mode)) throw badRequest(`parse_mode ${mode} is not supported by the fake`);
    throw badRequest('unsupported parse_mode');
  }
  const parsed = parseTelegramHtml(raw);
  if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.error}`);
  return { text: parsed.text, raw, entities: parsed.entities, parseMode: 'HTML' };
}

/** `link_preview_options` must be an object (a JSON string of one in multipart/form). */
function linkPreviewOptions(params: Params): Record<string, unknown> | undefined {
  let value = params['link_preview_options'];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') value = parseJson(Buffer.from(value));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest("can't parse link preview options JSON object");
  }
  return value as Record<string, unknown>;
}

function photoSource(value: unknown, files: UploadedFile[], knownFileIds: Set<string>): PhotoSource {
  const upload = files.find((file) => file.field === 'photo');
  if (upload) {
    if (upload.size === 0) throw badRequest('file must be non-empty');
    if (upload.size > PHOTO_UPLOAD_LIMIT) throw new ApiError(413, 'Request Entity Too Large');
    return { kind: 'upload', filename: upload.filename, size: upload.size };
  }
  if (value === undefined || value === null || value === '') {
    throw badRequest('there is no photo in the request');
  }
  if (typeof value !== 'string') throw badRequest('wrong file identifier/HTTP URL specified');
  if (value.startsWith('attach://')) throw badRequest('wrong file identifier/HTTP URL specified');
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (url.hostname === '') throw new Error('no host');
      return { kind: 'url', url: value };
    } catch {
      throw badRequest('wrong file identifier/HTTP URL specified');
    }
  }
  if (knownFileIds.has(value)) return { kind: 'file_id', fileId: value };
  throw badRequest('wrong file identifier/HTTP URL specified');
}

function requireEditing(chat: FakeChat): void {
  if (chat.botStatus === 'left') throw new ApiError(403, 'Forbidden: bot is not a member of the channel chat');
  if (chat.botStatus !== 'administrator' || !(chat.canPostMessages || chat.canEditMessages)) {
    throw badRequest('need administrator rights in the channel chat');
  }
}

function sameEntities(a: TelegramEntity[], b: TelegramEntity[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function applyEdit(message: StoredMessage, change: ParsedBody): void {
  if (message.has_photo) message.caption = change.text;
  else message.text = change.text;
  message.raw = change.raw;
  message.entities = change.entities;
  if (change.parseMode === undefined) delete message.parseMode;
  else message.parseMode = change.parseMode;
  message.editCount += 1;
  message.edit_date = Math.floor(Date.now() / 1000);
}

function sendError(res: ServerResponse, error: ApiError): void {
  const body: Record<string, unknown> = { ok: false, error_code: error.status, description: error.description };
  if (error.parameters) body['parameters'] = error.parameters;
  sendJson(res, error.status, body);
}

function sendFault(res: ServerResponse, fault: Exclude<TelegramFault, { delayMs: number } | { noReply: true }>): void {
  if ('nonJson' in fault) {
    return sendHtml(
      res,
      fault.status,
      `<html>\r\n<head><title>${fault.status} Not Found</title></head>\r\n<body>\r\n<center><h1>${fault.status} Not Found</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`,
    );
  }
  if (fault.status === 429) {
    return sendError(
      res,
      new ApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter }),
    );
  }
  if (fault.status === 401) return sendError(res, new ApiError(401, 'Unauthorized'));
  if (fault.status === 502) {
    return sendHtml(
      res,
      502,
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n',
    );
  }
  return sendError(res, new ApiError(500, 'Internal Server Error'));
}
