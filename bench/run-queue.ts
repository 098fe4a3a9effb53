import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebhookFake } from '../tests/fakes/webhook.js';
import { BIN, timeCommand, type Figure } from './util.js';

/** Where the ledger of a `publish run` measurement lives. */
export interface QueueBackend {
  /** Shown in the figure's name: SQLite, PostgreSQL. */
  label: string;
  /** A `state:` line for channels.yaml; none for the default SQLite file. */
  state?: string;
  /** Environment the `state:` line reads. */
  env?: Record<string, string>;
  /** How many rows the queue holds once filled. */
  countQueued(dir: string): Promise<number>;
}

/**
 * `publish run` over 10,000 queued posts of which 100 are due (25 articles × 4 webhook
 * channels answering at once); the other 9,900 rows are far in the future.
 */
export async function measureRunQueue(backend: QueueBackend): Promise<Figure> {
  const fake = await startWebhookFake();
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-run-'));
  const env = backend.env ?? {};
  try {
    const channels = ['a', 'b', 'c', 'd'].map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n`).join('');
    writeFileSync(join(dir, 'channels.yaml'), `${backend.state ? `state: ${backend.state}\n` : ''}channels:\n${channels}`);
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
    const queued = await backend.countQueued(dir);
    const r = await timeCommand(process.execPath, [BIN, 'run'], { cwd: dir, env });
    if (r.code !== 0) throw new Error(`publish run failed: ${r.stderr}`);
    const sent = fake.accepted().length;
    return {
      name: `publish run, ${queued} queued / 100 due (${backend.label})`,
      value: Math.round(r.ms),
      unit: 'ms',
      goal: '≤ 2000 ms',
      ok: r.ms <= 2000 && sent === 100,
      note: `${sent} posts sent`,
    };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same on the default SQLite ledger. */
export function runQueue(): Promise<Figure> {
  return measureRunQueue({
    label: 'SQLite',
    countQueued: async (dir) => {
      const db = new Database(join(dir, '.publish/state.db'), { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM queue').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
  });
}
