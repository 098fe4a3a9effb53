/**
 * The SQL of the ledger, written once in the SQL that SQLite and PostgreSQL share, with
 * `@name` parameters: better-sqlite3 binds them by name, and `numbered` turns them into
 * PostgreSQL's `$1, $2, …`. What one backend must say its own way (claims, which lock
 * differently; the batch insert of the queue; PostgreSQL's byte order for text) is built
 * there from the fragments below, so both backends agree on what is due, stale or ended.
 */
import type { PostValues } from './rules.js';

/** The columns of `posts`, in the order of migrations.ts. */
export const POST_COLUMNS = [
  'article', 'channel', 'status', 'remote_id', 'url', 'extra', 'content_hash', 'attempts', 'last_error',
  'host', 'pid', 'created_at', 'updated_at', 'sent_at', 'settled',
] as const satisfies readonly (keyof PostValues)[];

const isKey = (column: string) => column === 'article' || column === 'channel';
const postKey = 'article = @article AND channel = @channel';

/** A queue row that is due now. */
export const DUE = `status = 'scheduled' AND due_at <= @now`;
/** A queue row claimed by a run that has been silent since before @stale_before (killed): offered again. */
export const STALE = `status = 'claimed' AND claimed_at < @stale_before`;
/** The queue statuses of rows still to be sent, and of rows that ended. */
const OPEN = `status IN ('scheduled', 'claimed')`;
const ENDED = `status IN ('done', 'failed', 'cancelled')`;
const ofArticle = `(CAST(@article AS TEXT) IS NULL OR article = @article)`;

/** Statements both backends run as they are. */
export const SQL = {
  getPost: `SELECT * FROM posts WHERE ${postKey}`,
  /** Inserts the whole row unless another run inserted it first (it then inserts nothing). */
  insertPost: `INSERT INTO posts (${POST_COLUMNS.join(', ')}) VALUES (${POST_COLUMNS.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (article, channel) DO NOTHING`,
  /** Writes the whole row (the caller holds its lock). */
  updatePost: `UPDATE posts SET ${POST_COLUMNS.filter((c) => !isKey(c)).map((c) => `${c} = @${c}`).join(', ')} WHERE ${postKey}`,
  deletePost: `DELETE FROM posts WHERE ${postKey}`,

  releaseQueued: `UPDATE queue SET status = 'scheduled', claimed_by = NULL, claimed_at = NULL WHERE id = @id AND status = 'claimed'`,
  /** Ends a claimed row; a row no longer claimed was ended (or re-offered as stale) already. */
  finishQueued: `UPDATE queue SET status = @status, last_error = @last_error, ended_at = @now WHERE id = @id AND status = 'claimed'`,
  queuedExists: `SELECT id FROM queue WHERE id = @id`,
  /** Only scheduled rows can be cancelled: a claimed one is being sent. */
  cancelQueued: `UPDATE queue SET status = 'cancelled', ended_at = @now
    WHERE status = 'scheduled' AND article = @article AND (CAST(@channel AS TEXT) IS NULL OR channel = @channel)`,
  /** Open rows, and the last @ended rows that ended, by due time. */
  listQueued: `SELECT * FROM (
      SELECT * FROM queue WHERE ${OPEN} AND ${ofArticle}
      UNION ALL
      SELECT * FROM (
        SELECT * FROM queue WHERE ${ENDED} AND ${ofArticle} ORDER BY ended_at DESC, id DESC LIMIT @ended
      ) AS ended
    ) AS listed ORDER BY due_at, id`,

  insertHistory: `INSERT INTO history (article, channel, action, outcome, at, host, content_hash, remote, detail)
    VALUES (@article, @channel, @action, @outcome, @at, @host, @content_hash, @remote, @detail)`,
  /** One article's history, oldest first (entries of one millisecond in the order they were written). */
  listHistory: `SELECT * FROM history WHERE article = @article ORDER BY at, id`,

  getToken: `SELECT value FROM tokens WHERE key = @key`,
  setToken: `INSERT INTO tokens (key, value, updated_at) VALUES (@key, @value, @now)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
} as const;

/** Every row, newest first; `textOrder` is how the backend compares text byte by byte. */
export function listPostsSql(textOrder: string, oneArticle: boolean): string {
  return oneArticle
    ? `SELECT * FROM posts WHERE article = @article ORDER BY updated_at DESC, channel${textOrder}`
    : `SELECT * FROM posts ORDER BY updated_at DESC, article${textOrder}, channel${textOrder}`;
}

/** A statement with numbered parameters, and the names it takes them from in order. */
export interface Numbered {
  text: string;
  names: string[];
}

/** `@name` parameters as `$1, $2, …` (a name used twice keeps its number). */
export function numbered(sql: string): Numbered {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    const at = names.indexOf(name);
    return `$${at >= 0 ? at + 1 : names.push(name)}`;
  });
  return { text, names };
}

/** The values of a numbered statement, from named parameters. */
export function valuesFor(statement: Numbered, params: Record<string, unknown>): unknown[] {
  return statement.names.map((name) => {
    if (!(name in params)) throw new Error(`ledger statement without a value for @${name}`);
    return params[name];
  });
}
