import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startWebhookFake } from '../tests/fakes/webhook.js';
import { BIN, timeCommand, type Figure } from './util.js';

const name = 'publish run, 10,000 queued / 100 due (PostgreSQL)';
const goal = '≤ 2000 ms';

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
  if (!url) return { name, value: Number.NaN, unit: 'ms', goal, ok: true, note: 'no PostgreSQL: run scripts/postgres-ci.sh start' };

  const database = `publish_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fake = await startWebhookFake();
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-pg-'));
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const state = new URL(url);
    state.pathname = `/${database}`;
    const env = { LEDGER_URL: state.toString() };
    const channels = ['a', 'b', 'c', 'd'];
    writeFileSync(
      join(dir, 'channels.yaml'),
      `state: \${LEDGER_URL}\nchannels:\n${channels.map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n`).join('')}`,
    );
    // 25 articles x 4 channels due now; the other 9,900 rows far in the future.
    const files: string[] = [];
    for (let i = 0; i < 2500; i++) {
      const f = `s${i}.md`;
      writeFileSync(join(dir, f), `---\nid: s${i}\nurl: https://example.org/s${i}/\n---\n# Story ${i}\n\nLead ${i}.\n`);
      files.push(f);
    }
    const due = await timeCommand(process.execPath, [BIN, ...files.slice(0, 25), '--at', '+0s'], { cwd: dir, env });
    if (due.code !== 0) throw new Error(`queueing failed: ${due.stderr}`);
    const later = await timeCommand(process.execPath, [BIN, ...files.slice(25), '--at', '2099-01-01T00:00Z'], { cwd: dir, env });
    if (later.code !== 0) throw new Error(`queueing failed: ${later.stderr}`);

    const counter = new pg.Client({ connectionString: env.LEDGER_URL });
    await counter.connect();
    const queued = Number((await counter.query<{ n: string }>('SELECT count(*) AS n FROM queue')).rows[0]?.n ?? 0);
    await counter.end();

    const r = await timeCommand(process.execPath, [BIN, 'run'], { cwd: dir, env });
    if (r.code !== 0) throw new Error(`publish run failed: ${r.stderr}`);
    const sent = fake.accepted().length;
    return {
      name: `publish run, ${queued} queued / 100 due (PostgreSQL)`,
      value: Math.round(r.ms),
      unit: 'ms',
      goal,
      ok: r.ms <= 2000 && sent === 100,
      note: `${sent} posts sent`,
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
