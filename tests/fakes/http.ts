/**
 * Tiny helpers shared by the local fake servers: start a node:http server on
 * 127.0.0.1 port 0, read JSON / form / multipart bodies, queue injected faults.
 * Only node built-ins: the fakes must not depend on what they are testing.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake server. */
export interface RunningServer {
  /** Origin with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  server: Server;
  /** Stops listening and drops keep-alive sockets (clients keep them open). */
  close(): Promise<void>;
}

/** A request handler; a thrown error becomes a plain 500 so a fake's bug is visible. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Receives every byte a fake server reads off a socket, while a test listens. */
export type WireListener = (bytes: Buffer) => void;
let wireListener: WireListener | undefined;

/**
 * Hands every byte any fake server in this process receives from now on (request lines,
 * headers, bodies, uploads) to `listener`; `undefined` stops. The hostile-article suite
 * searches them for a marker planted in files the tool must never send.
 */
export function listenToWire(listener: WireListener | undefined): void {
  wireListener = listener;
}

/** Lets {@link listenToWire} see what `server` receives (on connections made while listening). */
export function recordWire(server: Server): void {
  server.on('connection', (socket) => {
    // Only while someone listens: a 'data' listener moves HTTP parsing off its fast path.
    const listener = wireListener;
    if (listener) socket.on('data', (bytes: Buffer) => listener(bytes));
  });
}

/** Starts `handler` on 127.0.0.1, port chosen by the system. */
export async function startServer(handler: Handler): Promise<RunningServer> {
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake server bug: ${error instanceof Error ? error.stack : String(error)}`);
      });
  });
  recordWire(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Largest body a fake accepts; more is a test bug, not a scenario. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** One parameter of a Content-Type header (`boundary`, `charset`), unquoted. */
export function contentTypeParam(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers['content-type'] ?? '';
  for (const part of header.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== name) continue;
    return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Parses JSON; `undefined` when the text is not JSON (the caller answers 400). */
export function parseJson(buffer: Buffer): unknown {
  try {
    return JSON.parse(buffer.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses `application/x-www-form-urlencoded`; a repeated key keeps its last value. */
export function parseForm(buffer: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(buffer.toString('utf8')));
}

/** A file part of a multipart body. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType?: string;
  size: number;
  data: Buffer;
}

/** A parsed multipart/form-data body. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/**
 * Parses multipart/form-data. Tolerates `name:value` headers without a space
 * (telegraf writes them so) and a missing CRLF after the closing delimiter.
 * Throws on a body that is not multipart with this boundary.
 */
export function parseMultipart(buffer: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let start = buffer.indexOf(delimiter);
  if (start < 0) throw new Error('multipart body without its boundary');
  for (;;) {
    let cursor = start + delimiter.length;
    if (buffer.subarray(cursor, cursor + 2).toString() === '--') break; // closing delimiter
    if (buffer.subarray(cursor, cursor + 2).toString() !== '\r\n') {
      throw new Error('malformed multipart delimiter line');
    }
    cursor += 2;
    const next = buffer.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), cursor);
    if (next < 0) throw new Error('multipart body without a closing delimiter');
    const part = buffer.subarray(cursor, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = parsePartHeaders(part.subarray(0, headerEnd).toString('utf8'));
    const data = part.subarray(headerEnd + 4);
    const disposition = headers['content-disposition'] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error('multipart part without a name');
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename === undefined) {
      fields[name] = data.toString('utf8');
    } else {
      const file: UploadedFile = { field: name, filename, size: data.length, data: Buffer.from(data) };
      const type = headers['content-type'];
      if (type !== undefined) file.contentType = type;
      files.push(file);
    }
    start = next + 2;
  }
  return { fields, files };
}

function parsePartHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Sends a JSON body with the given status. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Sends an HTML page, the way a proxy in front of an API answers. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html',
    'content-length': String(Buffer.byteLength(html)),
  });
  res.end(html);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Faults queued per route (`'*'` matches any route), taken first in, first out.
 * A route's own queue is consulted before the wildcard queue.
 */
export class FaultQueue<F> {
  private readonly queues = new Map<string, { fault: F; left: number }[]>();

  /** Makes the next `count` requests to `route` (or any route with `'*'`) fail with `fault`. */
  add(route: string, fault: F, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new Error(`fault count must be ≥ 1, got ${count}`);
    const queue = this.queues.get(route) ?? [];
    queue.push({ fault, left: count });
    this.queues.set(route, queue);
  }

  /** The fault for this request to `route`, if any, consuming one use of it. */
  take(route: string): F | undefined {
    for (const key of [route, '*']) {
      const queue = this.queues.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.left -= 1;
      if (head.left === 0) queue.shift();
      return head.fault;
    }
    return undefined;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queues.clear();
  }
}
