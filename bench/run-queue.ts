import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebhookFake } from '../tests/fakes/webhook.js';
import { BIN, timeCommand, type Figure } from './util.js';

/** `publish run` over 10,000 queued posts of which 100 are due, fakes answering at once. */
export async function runQueue(): Promise<Figure> {
  const fake = await startWebhookFake();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'publish-bench-run-'));
    const channels = ['a', 'b', 'c', 'd'];
    writeFileSync(join(dir, 'channels.yaml'), `channels:\n${channels.map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n`).join('')}`);
    // 25 articles x 4 channels due now; the other 9,900 rows far in the future.
    const files: string[] = [];
    for (let i = 0; i < 2500; i++) {
      const f = `s${i}.md`;
      writeFileSync(join(dir, f), `---\nid: s${i}\nurl: https://example.org/s${i}/\n---\n# Story ${i}\n\nLead ${i}.\n`);
      files.push(f);
    }
    const due = await timeCommand(process.execPath, [BIN, ...files.slice(0, 25), '--at', '+0s'], { cwd: dir });
    if (due.code !== 0) throw new Error(`queueing failed: ${due.stderr}`);
    const later = await timeCommand(process.execPath, [BIN, ...files.slice(25), '--at', '2099-01-01T00:00Z'], { cwd: dir });
    if (later.code !== 0) throw new Error(`queueing failed: ${later.stderr}`);
    const db = new Database(join(dir, '.publish/state.db'), { readonly: true });
    const queued = (db.prepare('SELECT count(*) AS n FROM queue').get() as { n: number }).n;
    db.close();
    const r = await timeCommand(process.execPath, [BIN, 'run'], { cwd: dir });
    if (r.code !== 0) throw new Error(`publish run failed: ${r.stderr}`);
    const sent = fake.accepted().length;
    return {
      name: `publish run, ${queued} queued / 100 due (SQLite)`,
      value: Math.round(r.ms),
      unit: 'ms',
      goal: '≤ 2000 ms',
      ok: r.ms <= 2000 && sent === 100,
      note: `${sent} posts sent`,
    };
  } finally {
    await fake.close();
  }
}
