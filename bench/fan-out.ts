import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebhookFake } from '../tests/fakes/webhook.js';
import { BIN, median, timeCommand, type Figure } from './util.js';

/**
 * One article with `url` to four channels whose servers each answer after 600 ms.
 * Measured as the whole `publish` process, and as the process minus its own start-up
 * (the same command with nothing to send), which is the fan-out itself.
 */
export async function fanOut(runs = 5): Promise<Figure> {
  const fake = await startWebhookFake({ latencyMs: 600 });
  try {
    const walls: number[] = [];
    const idle: number[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'publish-bench-fanout-'));
      writeFileSync(join(dir, 'channels.yaml'), `channels:\n${['a', 'b', 'c', 'd'].map((c) => `  ${c}:\n    type: webhook\n    url: ${fake.url}${c}\n`).join('')}`);
      writeFileSync(join(dir, 'story.md'), `---\nid: story\nurl: https://example.org/story/\n---\n# A story\n\nIts lead.\n\nIts body.\n`);
      const r = await timeCommand(process.execPath, [BIN, 'story.md'], { cwd: dir });
      if (r.code !== 0) throw new Error(`fan-out publish failed: ${r.stderr}`);
      walls.push(r.ms);
      // The rerun does everything but wait for the servers (all unchanged): start-up, config, ledger.
      const again = await timeCommand(process.execPath, [BIN, 'story.md'], { cwd: dir });
      idle.push(again.ms);
    }
    const fan = median(walls) - median(idle);
    return {
      name: 'fan-out, 4 channels answering after 600 ms',
      value: Math.round(fan),
      unit: 'ms',
      goal: '≤ 900 ms (1.5 × 600)',
      ok: fan <= 900,
      note: `whole process ${median(walls).toFixed(0)} ms, of which start-up/ledger ${median(idle).toFixed(0)} ms`,
    };
  } finally {
    await fake.close();
  }
}
