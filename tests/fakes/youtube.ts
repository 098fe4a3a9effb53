/**
 * A strict local YouTube for tests: one server for Google's OAuth token
 * endpoint (`POST /token`) and the Data API v3 calls we use
 * (`GET`/`PUT /youtube/v3/videos`, and `GET /youtube/v3/channels?mine=true`
 * for `publish check --online`). Point google-auth-library's OAuth2Client
 * at `fake.tokenUrl` (`endpoints.oauth2TokenUrl`) and `youtube({rootUrl: fake.url})`
 * at it. Like YouTube, an update replaces the whole snippet (an omitted field
 * is deleted), title and category are required, the description is limited in
 * UTF-8 bytes, quota is counted, and errors carry the real body shape.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FaultQueue,
  mediaType,
  parseForm,
  parseJson,
  readBody,
  sendHtml,
  sendJson,
  sleep,
  startServer,
} from './http.js';

/** Options of {@link startYouTubeFake}. */
export interface YouTubeFakeOptions {
  /** @default 'fake-client.apps.googleusercontent.com' */
  clientId?: string;
  /** @default 'fake-client-secret' */
  clientSecret?: string;
  /** Refresh tokens the token endpoint accepts. @default ['1//fake-refresh-token'] */
  refreshTokens?: string[];
  /** Daily quota in units. @default 10000 */
  quotaLimit?: number;
  /** Scope reported with each access token. @default 'https://www.googleapis.com/auth/youtube' */
  scope?: string;
  /** The channel the refresh tokens belong to (`channels.list mine=true`). @default 'UCfakeChannel000000000000' */
  channelId?: string;
  /** @default 'Babel Test' */
  channelTitle?: string;
}

/** A video's snippet as the Data API returns it. */
export interface VideoSnippet {
  publishedAt: string;
  channelId: string;
  title: string;
  /** Always present; `''` when the video has none. */
  description: string;
  thumbnails: Record<string, { url: string; width: number; height: number }>;
  channelTitle: string;
  tags?: string[];
  categoryId: string;
  liveBroadcastContent: string;
  defaultLanguage?: string;
  defaultAudioLanguage?: string;
  localized: { title: string; description: string };
}

/** What {@link YouTubeFake.addVideo} needs; everything but the title has a default. */
export type VideoSeed = Partial<Omit<VideoSnippet, 'localized'>> & { title: string };

/** A route of the fake, for fault injection and the request log. */
export type YouTubeRoute = 'token' | 'videos.list' | 'videos.update' | 'channels.list' | 'unknown';

/** One request the fake received. */
export interface YouTubeRequest {
  route: YouTubeRoute;
  httpMethod: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
  /** The bearer token sent, if any. */
  accessToken?: string;
  at: number;
}

/** A failure to inject with {@link YouTubeFake.failNext}. */
export type YouTubeFault = { status: 429 | 500 | 503 } | { delayMs: number };

/** A running YouTube fake. */
export interface YouTubeFake {
  /** Root for `youtube({rootUrl})`, ending with `/`. */
  url: string;
  /** For `new OAuth2Client({endpoints: {oauth2TokenUrl}})`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The first accepted refresh token. */
  refreshToken: string;
  /** Requests to the token endpoint (refreshes), failed ones included. */
  readonly tokenRequests: number;
  /** Quota units used so far. */
  readonly quotaUsed: number;
  /** Daily quota; lower it to provoke quotaExceeded. */
  quotaLimit: number;
  /** Successful videos.update calls. */
  readonly updates: number;
  /** Every request received, in order. */
  requests: YouTubeRequest[];
  /** Adds (or replaces) a video; missing snippet fields get realistic defaults. */
  addVideo(id: string, seed: VideoSeed): void;
  /** The stored video (a copy), or undefined. */
  video(id: string): { id: string; snippet: VideoSnippet } | undefined;
  /** Makes a refresh token valid. */
  addRefreshToken(refreshToken: string): void;
  /** Revokes a refresh token and every access token issued from it. */
  revoke(refreshToken: string): void;
  /** Makes every access token issued so far invalid (as if expired). */
  expireAccessTokens(): void;
  /** Makes the next `count` requests to `route` (or any with `'*'`) fail with `fault`. */
  failNext(route: YouTubeRoute | '*', fault: YouTubeFault, count?: number): void;
  close(): Promise<void>;
}

const LIST_COST = 1;
const CHANNELS_LIST_COST = 1;
const CHANNEL_PARTS = new Set([
  'auditDetails', 'brandingSettings', 'contentDetails', 'contentOwnerDetails', 'id', 'localizations', 'snippet',
  'statistics', 'status', 'topicDetails',
]);
const UPDATE_COST = 50;
const TITLE_MAX_CHARS = 100;
const DESCRIPTION_MAX_BYTES = 5000;
const TAGS_MAX = 500;
/** Categories a video can be assigned to (videoCategories.list, region US, assignable). */
const ASSIGNABLE_CATEGORIES = new Set(['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29']);
const WRITABLE_SNIPPET_FIELDS = ['title', 'description', 'tags', 'categoryId', 'defaultLanguage', 'defaultAudioLanguage'] as const;
const READ_ONLY_SNIPPET_FIELDS = ['publishedAt', 'channelId', 'thumbnails', 'channelTitle', 'liveBroadcastContent', 'localized'];
const VIDEO_RESOURCE_FIELDS = new Set([
  'kind', 'etag', 'id', 'snippet', 'contentDetails', 'status', 'statistics', 'paidProductPlacementDetails',
  'player', 'topicDetails', 'recordingDetails', 'fileDetails', 'processingDetails', 'suggestions',
  'liveStreamingDetails', 'localizations',
]);
const VIDEO_PARTS = new Set([
  'id', 'snippet', 'contentDetails', 'fileDetails', 'liveStreamingDetails', 'localizations',
  'paidProductPlacementDetails', 'player', 'processingDetails', 'recordingDetails', 'statistics', 'status',
  'suggestions', 'topicDetails',
]);
const AUTH_HELP =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** A Data API error: `{error:{code, message, errors:[{message, domain, reason, …}], status}}`. */
class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason: string,
    readonly domain: string,
    readonly status: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): unknown {
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [{ message: this.message, domain: this.domain, reason: this.reason, ...this.extra }],
        status: this.status,
      },
    };
  }
}

const badRequest = (message: string, reason: string, domain = 'youtube.video', extra: Record<string, string> = {}): ApiError =>
  new ApiError(400, message, reason, domain, 'INVALID_ARGUMENT', extra);

/** An OAuth token endpoint error: flat `{error, error_description}`. */
class OAuthError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Starts the fake on 127.0.0.1. */
export async function startYouTubeFake(options: YouTubeFakeOptions = {}): Promise<YouTubeFake> {
  const clientId = options.clientId ?? 'fake-client.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const scope = options.scope ?? 'https://www.googleapis.com/auth/youtube';
  const ownChannelId = options.channelId ?? 'UCfakeChannel000000000000';
  const ownChannelTitle = options.channelTitle ?? 'Babel Test';
  const refreshTokens = new Set(options.refreshTokens ?? ['1//fake-refresh-token']);
  const firstRefreshToken = [...refreshTokens][0] ?? '';
  const accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  const videos = new Map<string, VideoSnippet>();
  const requests: YouTubeRequest[] = [];
  const faults = new FaultQueue<YouTubeFault>();
  let quotaLimit = options.quotaLimit ?? 10_000;
  let quotaUsed = 0;
  let updates = 0;
  let tokenRequests = 0;

  const refreshAccessToken = (params: Record<string, string>, req: IncomingMessage): unknown => {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const id = params['client_id'] ?? basicId;
    const secret = params['client_secret'] ?? basicSecret;
    if (!id) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
    if (id !== clientId) throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (secret !== clientSecret) throw new OAuthError(401, 'invalid_client', 'Unauthorized');
    const grant = params['grant_type'];
    if (!grant) throw new OAuthError(400, 'invalid_request', 'Required parameter is missing: grant_type');
    if (grant !== 'refresh_token') throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant}`);
    const refreshToken = params['refresh_token'];
    if (!refreshToken) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    if (!refreshTokens.has(refreshToken)) {
      throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    }
    const accessToken = `ya29.fake-${randomBytes(12).toString('base64url')}`;
    accessTokens.set(accessToken, { refreshToken, expiresAt: Date.now() + 3599_000 });
    return { access_token: accessToken, expires_in: 3599, scope, token_type: 'Bearer' };
  };

  /** Checks the bearer token, then charges quota: an invalid request still costs its units. */
  const authorize = (req: IncomingMessage, cost: number): void => {
    const header = req.headers.authorization;
    if (!header) {
      throw new ApiError(401, `Request is missing required authentication credential. ${AUTH_HELP}`, 'required', 'global', 'UNAUTHENTICATED', {
        location: 'Authorization',
        locationType: 'header',
      });
    }
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    const grant = token === undefined ? undefined : accessTokens.get(token);
    if (!grant || grant.expiresAt <= Date.now() || !refreshTokens.has(grant.refreshToken)) {
      throw new ApiError(401, `Request had invalid authentication credentials. ${AUTH_HELP}`, 'authError', 'global', 'UNAUTHENTICATED', {
        location: 'Authorization',
        locationType: 'header',
      });
    }
    if (quotaUsed + cost > quotaLimit) {
      const message =
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';
      throw new ApiError(403, message, 'quotaExceeded', 'youtube.quota', 'PERMISSION_DENIED');
    }
    quotaUsed += cost;
  };

  const listVideos = (query: Record<string, string>): unknown => {
    const parts = requireParts(query);
    const ids = (query['id'] ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
    if (query['id'] === undefined && query['chart'] === undefined && query['myRated'] === undefined) {
      throw badRequest('No filter selected. Expected one of: myRated, chart, id', 'missingRequiredParameter', 'youtube.parameter', {
        location: 'parameters.',
        locationType: 'other',
      });
    }
    const items = ids.flatMap((id) => {
      const snippet = videos.get(id);
      if (!snippet) return []; // a missing or private video is simply absent, not a 404
      const item: Record<string, unknown> = { kind: 'youtube#video', etag: etag(), id };
      if (parts.includes('snippet')) item['snippet'] = structuredClone(snippet);
      return [item];
    });
    return {
      kind: 'youtube#videoListResponse',
      etag: etag(),
      items,
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    };
  };

  /** `channels.list`: only `mine=true` (the account's own channel) and `id=` are modelled. */
  const listChannels = (query: Record<string, string>): unknown => {
    const parts = requireParts(query, CHANNEL_PARTS);
    const filters = ['mine', 'id', 'forHandle', 'forUsername', 'categoryId', 'managedByMe'].filter((f) => query[f] !== undefined);
    if (filters.length !== 1) {
      throw badRequest(
        'Incompatible parameters specified in the request: expected exactly one of categoryId, forHandle, forUsername, id, managedByMe, mine',
        filters.length === 0 ? 'missingRequiredParameter' : 'incompatibleParameters',
        'youtube.parameter',
      );
    }
    const mine = query['mine'] === 'true';
    const ids = (query['id'] ?? '').split(',').map((id) => id.trim());
    const own = mine || ids.includes(ownChannelId);
    const items = own
      ? [
          {
            kind: 'youtube#channel',
            etag: etag(),
            id: ownChannelId,
            ...(parts.includes('snippet')
              ? { snippet: { title: ownChannelTitle, description: '', publishedAt: '2019-01-01T00:00:00Z', localized: { title: ownChannelTitle, description: '' } } }
              : {}),
          },
        ]
      : [];
    return { kind: 'youtube#channelListResponse', etag: etag(), items, pageInfo: { totalResults: items.length, resultsPerPage: 5 } };
  };

  const updateVideo = (query: Record<string, string>, body: unknown): unknown => {
    const parts = requireParts(query);
    const unsupported = parts.filter((part) => part !== 'snippet');
    if (unsupported.length > 0) {
      // Fake-only: the real API can update these parts; the fake only models the snippet.
      throw badRequest(`The fake does not update part(s): ${unsupported.join(', ')}`, 'unexpectedPart', 'youtube.part');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('Invalid JSON payload received.', 'parseError', 'global');
    }
    const resource = body as Record<string, unknown>;
    rejectUnknownFields(resource, VIDEO_RESOURCE_FIELDS, 'resource');
    const id = resource['id'];
    if (typeof id !== 'string' || id === '') {
      throw badRequest('No filter selected. Expected one of: id', 'missingRequiredParameter', 'youtube.parameter');
    }
    const current = videos.get(id);
    if (!current) {
      throw new ApiError(
        404,
        'The video that you are trying to update cannot be found. Check the value of the <code>id</code> field in the request body to ensure that it is correct.',
        'videoNotFound',
        'youtube.video',
        'NOT_FOUND',
        { location: 'body.id', locationType: 'other' },
      );
    }
    const snippet = resource['snippet'] ?? {};
    if (snippet === null || typeof snippet !== 'object' || Array.isArray(snippet)) {
      throw badRequest("Invalid value at 'resource.snippet'", 'invalid', 'global');
    }
    const sent = snippet as Record<string, unknown>;
    rejectUnknownFields(sent, new Set([...WRITABLE_SNIPPET_FIELDS, ...READ_ONLY_SNIPPET_FIELDS]), 'resource.snippet');
    const next = validateSnippet(sent);
    // The whole writable snippet is replaced: what was not sent is gone.
    const replaced: VideoSnippet = {
      publishedAt: current.publishedAt,
      channelId: current.channelId,
      title: next.title,
      description: next.description ?? '',
      thumbnails: current.thumbnails,
      channelTitle: current.channelTitle,
      categoryId: next.categoryId,
      liveBroadcastContent: current.liveBroadcastContent,
      localized: { title: next.title, description: next.description ?? '' },
    };
    if (next.tags && next.tags.length > 0) replaced.tags = next.tags;
    if (next.defaultLanguage) replaced.defaultLanguage = next.defaultLanguage;
    if (next.defaultAudioLanguage) replaced.defaultAudioLanguage = next.defaultAudioLanguage;
    videos.set(id, replaced);
    updates += 1;
    return { kind: 'youtube#video', etag: etag(), id, snippet: structuredClone(replaced) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const httpMethod = req.method ?? 'GET';
    const route = routeOf(httpMethod, url.pathname);
    const raw = await readBody(req);
    const body = raw.length === 0 ? undefined : mediaType(req) === 'application/x-www-form-urlencoded' ? parseForm(raw) : parseJson(raw);
    const query = Object.fromEntries(url.searchParams);
    const request: YouTubeRequest = { route, httpMethod, path: url.pathname, query, body, at: Date.now() };
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) request.accessToken = bearer;
    requests.push(request);
    if (route === 'token') tokenRequests += 1;

    const fault = faults.take(route);
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs);
    else if (fault) return sendFault(res, route, fault.status);

    if (route === 'unknown') {
      return sendHtml(res, 404, `<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>${escapeHtml(url.pathname)}</code> was not found on this server. <ins>That’s all we know.</ins></html>`);
    }
    try {
      if (route === 'token') {
        const params = body && typeof body === 'object' ? stringValues(body as Record<string, unknown>) : {};
        return sendJson(res, 200, refreshAccessToken(params, req), { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
      }
      if (route === 'videos.list') {
        authorize(req, LIST_COST);
        return sendJson(res, 200, listVideos(query));
      }
      if (route === 'channels.list') {
        authorize(req, CHANNELS_LIST_COST);
        return sendJson(res, 200, listChannels(query));
      }
      authorize(req, UPDATE_COST);
      if (raw.length > 0 && body === undefined) throw badRequest('Invalid JSON payload received.', 'parseError', 'global');
      return sendJson(res, 200, updateVideo(query, body));
    } catch (error) {
      if (error instanceof OAuthError) {
        return sendJson(res, error.httpStatus, { error: error.error, error_description: error.description });
      }
      if (error instanceof ApiError) {
        const headers: Record<string, string> =
          error.code === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {};
        return sendJson(res, error.code, error.body(), headers);
      }
      throw error;
    }
  };

  const running = await startServer(handle);
  return {
    url: running.url,
    tokenUrl: `${running.url}token`,
    clientId,
    clientSecret,
    refreshToken: firstRefreshToken,
    get tokenRequests() {
      return tokenRequests;
    },
    get quotaUsed() {
      return quotaUsed;
    },
    get quotaLimit() {
      return quotaLimit;
    },
    set quotaLimit(limit: number) {
      quotaLimit = limit;
    },
    get updates() {
      return updates;
    },
    requests,
    addVideo(id, seed) {
      const snippet: VideoSnippet = {
        publishedAt: seed.publishedAt ?? '2024-05-01T10:00:00Z',
        channelId: seed.channelId ?? 'UCfakeChannel000000000000',
        title: seed.title,
        description: seed.description ?? '',
        thumbnails: seed.thumbnails ?? {
          default: { url: `https://i.ytimg.com/vi/${id}/default.jpg`, width: 120, height: 90 },
          high: { url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`, width: 480, height: 360 },
        },
        channelTitle: seed.channelTitle ?? 'Babel Test',
        categoryId: seed.categoryId ?? '25',
        liveBroadcastContent: seed.liveBroadcastContent ?? 'none',
        localized: { title: seed.title, description: seed.description ?? '' },
      };
      if (seed.tags && seed.tags.length > 0) snippet.tags = [...seed.tags];
      if (seed.defaultLanguage) snippet.defaultLanguage = seed.defaultLanguage;
      if (seed.defaultAudioLanguage) snippet.defaultAudioLanguage = seed.defaultAudioLanguage;
      videos.set(id, snippet);
    },
    video(id) {
      const snippet = videos.get(id);
      return snippet ? { id, snippet: structuredClone(snippet) } : undefined;
    },
    addRefreshToken: (token) => void refreshTokens.add(token),
    revoke(token) {
      refreshTokens.delete(token);
      for (const [access, grant] of accessTokens) if (grant.refreshToken === token) accessTokens.delete(access);
    },
    expireAccessTokens: () => accessTokens.clear(),
    failNext: (route, fault, count = 1) => faults.add(route, fault, count),
    close: () => running.close(),
  };
}

function routeOf(method: string, path: string): YouTubeRoute {
  if (path === '/token' && method === 'POST') return 'token';
  if (path === '/youtube/v3/videos' && method === 'GET') return 'videos.list';
  if (path === '/youtube/v3/videos' && method === 'PUT') return 'videos.update';
  if (path === '/youtube/v3/channels' && method === 'GET') return 'channels.list';
  return 'unknown';
}

function requireParts(query: Record<string, string>, known: Set<string> = VIDEO_PARTS): string[] {
  const value = query['part'];
  if (value === undefined || value.trim() === '') {
    throw badRequest('Required parameter: part', 'required', 'global', { location: 'part', locationType: 'parameter' });
  }
  const parts = value.split(',').map((part) => part.trim());
  for (const part of parts) {
    if (!known.has(part)) {
      throw badRequest(`'${part}'`, 'unknownPart', 'youtube.part', { location: 'part', locationType: 'parameter' });
    }
  }
  return parts;
}

function rejectUnknownFields(object: Record<string, unknown>, known: Set<string>, at: string): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) {
      throw badRequest(`Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`, 'invalid', 'global');
    }
  }
}

interface WritableSnippet {
  title: string;
  categoryId: string;
  description?: string;
  tags?: string[];
  defaultLanguage?: string;
  defaultAudioLanguage?: string;
}

/** YouTube's checks on a snippet sent with videos.update. */
function validateSnippet(sent: Record<string, unknown>): WritableSnippet {
  const optionalString = (field: string): string | undefined => {
    const value = sent[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw badRequest(`Invalid value at 'resource.snippet.${field}'`, 'invalid', 'global');
    return value;
  };

  const categoryId = optionalString('categoryId');
  if (categoryId === undefined || categoryId.trim() === '') {
    throw badRequest('The request metadata specifies an invalid or empty video category.', 'invalidCategoryId');
  }
  if (!ASSIGNABLE_CATEGORIES.has(categoryId)) {
    throw badRequest(
      'The <code>snippet.categoryId</code> property specifies an invalid category ID. Use the <code>videoCategories.list</code> method to retrieve supported categories.',
      'invalidCategoryId',
    );
  }

  const title = optionalString('title');
  if (title === undefined || title.trim() === '') {
    throw badRequest('The request metadata specifies an invalid or empty video title.', 'invalidTitle');
  }
  if ([...title].length > TITLE_MAX_CHARS || /[<>]/.test(title)) {
    throw badRequest('The request metadata specifies an invalid video title.', 'invalidTitle');
  }

  const description = optionalString('description');
  if (description !== undefined && (Buffer.byteLength(description, 'utf8') > DESCRIPTION_MAX_BYTES || /[<>]/.test(description))) {
    throw badRequest('The request metadata specifies an invalid video description.', 'invalidDescription');
  }

  let tags: string[] | undefined;
  const rawTags = sent['tags'];
  if (rawTags !== undefined && rawTags !== null) {
    if (!Array.isArray(rawTags) || rawTags.some((tag) => typeof tag !== 'string')) {
      throw badRequest("Invalid value at 'resource.snippet.tags'", 'invalid', 'global');
    }
    tags = rawTags as string[];
    if (tagsLength(tags) > TAGS_MAX) {
      throw badRequest('The request metadata specifies invalid video keywords.', 'invalidTags');
    }
  }

  const result: WritableSnippet = { title, categoryId };
  if (description !== undefined) result.description = description;
  if (tags !== undefined) result.tags = tags;
  const defaultLanguage = optionalString('defaultLanguage');
  if (defaultLanguage !== undefined) result.defaultLanguage = defaultLanguage;
  const defaultAudioLanguage = optionalString('defaultAudioLanguage');
  if (defaultAudioLanguage !== undefined) result.defaultAudioLanguage = defaultAudioLanguage;
  return result;
}

/**
 * YouTube's tag length: each tag's characters, plus 2 for the quotes a tag with
 * a space gets, plus one comma between tags.
 */
export function tagsLength(tags: readonly string[]): number {
  if (tags.length === 0) return 0;
  const sum = tags.reduce((total, tag) => total + [...tag].length + (tag.includes(' ') ? 2 : 0), 0);
  return sum + tags.length - 1;
}

function stringValues(object: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) if (typeof value === 'string') out[key] = value;
  return out;
}

function etag(): string {
  return randomBytes(20).toString('base64url');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function sendFault(res: ServerResponse, route: YouTubeRoute, status: 429 | 500 | 503): void {
  if (route === 'token') {
    const error = status === 429 ? 'rate_limit_exceeded' : 'internal_failure';
    return sendJson(res, status, { error, error_description: status === 503 ? 'Service unavailable' : 'Backend Error' });
  }
  const [message, reason, state] =
    status === 429
      ? ['Resource has been exhausted (e.g. check quota).', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED']
      : status === 503
        ? ['The service is currently unavailable.', 'backendError', 'UNAVAILABLE']
        : ['Internal error encountered.', 'backendError', 'INTERNAL'];
  sendJson(res, status, new ApiError(status, message, reason, 'global', state).body());
}
