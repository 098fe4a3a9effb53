import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { measureRunQueue } from './run-queue.js';
import type { Figure } from './util.js';

const name = 'publish run, 10,000 queued / 100 due (PostgreSQL)';

/** DATABASE_URL from the environment, else from the env file scripts/postgres-ci.sh writes. */
function databaseUrl(): string | undefined {
  if (process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL)) return process.env.DATABASE_URL;
  const file = join(process.env.PG_CI_DIR || '/tmp/publish-pg-ci', 'env');
  if (!existsSync(file)) return undefined;
  return /^DATABASE_URL=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

/**
 * `publish run` over 10,000 queued posts of which 100 are due, with the ledger in a fresh
 * PostgreSQL database (dropped afterwards); the same shape as `runQueue` on SQLite.
 * Without a server it reports a skip rather than a miss.
 */
export async function runQueuePostgres(): Promise<Figure> {
  const url = databaseUrl();
  if (!url) return { name, value: Number.NaN, unit: 'ms', goal: '≤ 2000 ms', ok: true, note: 'no PostgreSQL: run scripts/postgres-ci.sh start' };

  const database = `publish_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const state = new URL(url);
    state.pathname = `/${database}`;
    const env = { LEDGER_URL: state.toString() };
    return await measureRunQueue({
      label: 'PostgreSQL',
      state: '${LEDGER_URL}',
      env,
      countQueued: async () => {
        const counter = new pg.Client({ connectionString: env.LEDGER_URL });
        await counter.connect();
        try {
          return Number((await counter.query<{ n: string }>('SELECT count(*) AS n FROM queue')).rows[0]?.n ?? 0);
        } finally {
          await counter.end();
        }
      },
    });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
