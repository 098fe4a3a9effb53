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

const postsTable = `
CREATE TABLE posts (
  article       TEXT    NOT NULL,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('in_flight', 'sent', 'failed')),
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
  PRIMARY KEY (article, channel)
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
];

/** The schema version this code knows and writes. */
export const latestSchemaVersion: number = migrations.reduce((v, m) => Math.max(v, m.version), 0);

/** The steps that bring a database at `from` up to date, in order. */
export function pendingMigrations(from: number): Migration[] {
  return migrations.filter((m) => m.version > from).sort((a, b) => a.version - b.version);
}
