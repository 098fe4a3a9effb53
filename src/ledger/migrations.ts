/**
 * The ledger schema, as ordered migration steps. Each step's `up` is plain SQL that
 * SQLite runs as is; where PostgreSQL needs other words (an identity column), the step
 * carries `postgres` too. Times are integer milliseconds since the epoch (UTC), so both
 * backends store and compare them the same way. Never edit a released step: add one.
 */

/** One schema step. */
export interface Migration {
  /** The schema version this step brings the database to (1, 2, …). */
  version: number;
  /** What the step does, for `publish migrate` and for readers of this file. */
  description: string;
  /** SQL statements, separated by semicolons. */
  up: string;
  /** PostgreSQL's wording when it differs from `up`. */
  postgres?: string;
}

/** The columns of `posts`; the states a row may be in changed with schema 2. */
const postColumns = (states: string): string => `
  article       TEXT    NOT NULL,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN (${states})),
  remote_id     TEXT,
  url           TEXT,
  extra         TEXT,
  content_hash  TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  sent_at       BIGINT,
  -- While in flight: the row as it was before begin (JSON), so a release or a failed
  -- update can put back what had been settled.
  settled       TEXT,
  PRIMARY KEY (article, channel)`;

const postsTable = `
CREATE TABLE posts (${postColumns("'in_flight', 'sent', 'failed'")}
);
CREATE TABLE tokens (
  key         TEXT   PRIMARY KEY,
  value       TEXT   NOT NULL,
  updated_at  BIGINT NOT NULL
);`;

const queueColumns = `
  article      TEXT   NOT NULL,
  channel      TEXT   NOT NULL,
  source       TEXT   NOT NULL,
  inline       TEXT,
  source_hash  TEXT   NOT NULL,
  config       TEXT   NOT NULL,
  due_at       BIGINT NOT NULL,
  publish_at   BIGINT,
  status       TEXT   NOT NULL CHECK (status IN ('scheduled', 'claimed', 'done', 'failed', 'cancelled')),
  claimed_by   TEXT,
  claimed_at   BIGINT,
  created_at   BIGINT NOT NULL,
  ended_at     BIGINT,
  last_error   TEXT
);
CREATE INDEX queue_status_due ON queue (status, due_at);
CREATE INDEX queue_article ON queue (article, channel);`;

const postsV2Columns = postColumns("'in_flight', 'sent', 'failed', 'retracted', 'cancelled'");

const allPostColumns = 'article, channel, status, remote_id, url, extra, content_hash, attempts, last_error, host, pid, created_at, updated_at, sent_at, settled';

// Each send, edit, cancel and retract of a post; rows are only ever added.
const historyColumns = `
  article       TEXT    NOT NULL,
  channel       TEXT    NOT NULL,
  action        TEXT    NOT NULL CHECK (action IN ('send', 'update', 'cancel', 'retract')),
  outcome       TEXT    NOT NULL CHECK (outcome IN ('ok', 'failed', 'manual')),
  at            BIGINT  NOT NULL,
  host          TEXT    NOT NULL,
  content_hash  TEXT,
  remote        TEXT,
  detail        TEXT
);
CREATE INDEX history_article ON history (article, at);
-- What an older ledger knew: each post's last send.
INSERT INTO history (article, channel, action, outcome, at, host, content_hash, remote, detail)
  SELECT article, channel, 'send', 'ok', sent_at, host, content_hash, COALESCE(url, remote_id), 'recorded before the ledger kept a history'
  FROM posts WHERE sent_at IS NOT NULL;`;

/** Every step, oldest first. The last one's version is the schema this code writes. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'posts, schedule queue and tokens',
    up: `${postsTable}
CREATE TABLE queue (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,${queueColumns}`,
    postgres: `${postsTable}
CREATE TABLE queue (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${queueColumns}`,
  },
  {
    version: 2,
    description: 'posts may be retracted or cancelled; a history of each send, edit, cancel and retract',
    // SQLite cannot change a CHECK in place: the table is copied whole into its new shape.
    up: `CREATE TABLE posts_v2 (${postsV2Columns}
);
INSERT INTO posts_v2 (${allPostColumns}) SELECT ${allPostColumns} FROM posts;
DROP TABLE posts;
ALTER TABLE posts_v2 RENAME TO posts;
CREATE TABLE history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,${historyColumns}`,
    postgres: `ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_status_check;
ALTER TABLE posts ADD CONSTRAINT posts_status_check CHECK (status IN ('in_flight', 'sent', 'failed', 'retracted', 'cancelled'));
CREATE TABLE history (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${historyColumns}`,
  },
];

/** The schema version this code knows and writes. */
export const latestSchemaVersion: number = migrations.reduce((v, m) => Math.max(v, m.version), 0);

/** The steps that bring a database at `from` up to date, in order. */
export function pendingMigrations(from: number): Migration[] {
  return migrations.filter((m) => m.version > from).sort((a, b) => a.version - b.version);
}
