/**
 * Where a PostgreSQL ledger lives (for messages, without the password) and what to tell an
 * editor when the server cannot be reached or says no. Every message is one line that says
 * what to do; the original error is kept as `cause`. The URL's password never appears.
 */
import { LedgerError } from '../errors.js';

/** The parts of a `postgres://` URL that messages name. */
export interface PostgresTarget {
  /** The URL without its password (nor any password-like query parameter). */
  location: string;
  /** `host:port`, or the socket directory and port. */
  address: string;
  user: string;
  database: string;
  /** The password, decoded; undefined when the URL has none. Never put in messages. */
  password: string | undefined;
}

const secretParams = new Set(['password', 'sslpassword', 'sslkey']);

/**
 * Reads the names messages need out of `url`. Unparseable URLs still get a location with
 * everything between `://` and `@` removed, so a password cannot leak through an error.
 * @throws LedgerError when the URL cannot be read at all.
 */
export function describeTarget(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    const hidden = url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1…@');
    throw new LedgerError(`state: ${hidden} is not a valid PostgreSQL URL (postgres://user:password@host:port/database)`, {
      cause: error,
    });
  }
  const params = parsed.searchParams;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const password = parsed.password ? decode(parsed.password) : (params.get('password') ?? undefined);
  const user = decode(parsed.username) || params.get('user') || process.env.PGUSER || process.env.USER || 'postgres';
  const host = decode(parsed.hostname) || params.get('host') || process.env.PGHOST || 'localhost';
  const port = parsed.port || params.get('port') || process.env.PGPORT || '5432';
  const database = decode(parsed.pathname.replace(/^\//, '')) || params.get('database') || user;

  const clean = new URL(url);
  clean.password = '';
  for (const key of [...clean.searchParams.keys()]) if (secretParams.has(key.toLowerCase())) clean.searchParams.delete(key);
  const address = host.startsWith('/') ? `${host} (port ${port})` : `${host}:${port}`;
  return { location: clean.toString(), address, user, database, password };
}

function field(error: unknown, name: string): string {
  const value = (error as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

/** Node's socket error codes, in words. */
const socketProblems: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  ENOENT: 'no socket there',
  EACCES: 'socket not accessible',
};

/** Maps whatever `pg` (or the socket under it) throws to a `LedgerError` about `target`. */
export function toPostgresError(error: unknown, target: PostgresTarget, lockTimeoutMs: number): LedgerError {
  if (error instanceof LedgerError) return error;
  const code = field(error, 'code');
  const raw = error instanceof Error ? error.message : String(error);
  const message = target.password ? raw.split(target.password).join('***') : raw;
  const { address, user, database, location } = target;
  const wrap = (text: string) => new LedgerError(text, { cause: error });

  const socket = socketProblems[code];
  if (socket) return wrap(`cannot reach PostgreSQL at ${address} (${socket}): is it running?`);
  if (/timeout expired|connection timeout/i.test(message)) {
    return wrap(`cannot reach PostgreSQL at ${address} (no answer in time): is it running, and is the address right?`);
  }
  if (code === '28P01') return wrap(`PostgreSQL rejected the password for user ${user} (at ${address}): check the password in state:`);
  if (/client password must be a string|password authentication failed/i.test(message)) {
    return wrap(`PostgreSQL asks for a password for user ${user} (at ${address}) and state: gives none: put it in the URL, e.g. through \${DATABASE_URL}`);
  }
  if (code === '3D000') return wrap(`PostgreSQL at ${address} has no database "${database}": create it (createdb ${database}) or fix state:`);
  if (code === '28000' && /no encryption/i.test(message)) {
    return wrap(`PostgreSQL at ${address} refuses unencrypted connections for user ${user}: add ?sslmode=require to the state: URL`);
  }
  if (code === '28000') return wrap(`PostgreSQL at ${address} refused user ${user} (${message})`);
  if (/does not support SSL/i.test(message)) {
    return wrap(`PostgreSQL at ${address} does not accept TLS: remove sslmode from the state: URL, or enable ssl on the server`);
  }
  if (code === '57P03') return wrap(`PostgreSQL at ${address} is starting up or shutting down: try again in a moment`);
  if (code === '53300') return wrap(`PostgreSQL at ${address} has no free connections (too many clients): try again later`);
  if (code === '55P03') {
    return wrap(
      `${location} is locked by another process (waited ${lockTimeoutMs / 1000} s): ` +
        'another publish may still be running; try again when it has finished',
    );
  }
  if (code === '25006') return wrap(`${location} was opened read-only and cannot be written`);
  if (code === '42501') return wrap(`PostgreSQL user ${user} may not do this in ${location} (${message}): grant it the rights`);
  if (/Connection terminated|Client has encountered a connection error/i.test(message)) {
    return wrap(`lost the connection to PostgreSQL at ${address} (${message})`);
  }
  return wrap(`${location}: ${message}`);
}
