import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, timeCommand, type Figure } from './util.js';

/** Writes a channels.yaml with `count` webhook channels. */
function manyChannels(dir: string, count: number): string {
  const lines = ['timezone: UTC', 'channels:'];
  for (let i = 0; i < count; i++) lines.push(`  hook-${i}:`, '    type: webhook', `    url: https://hooks.example.org/${i}`);
  const file = join(dir, `channels-${count}.yaml`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * `publish check` on a channels.yaml with 60,000 channels, and the same with 6,000: linear
 * work takes about ten times as long for ten times the channels (it took 25 s when yaml's
 * duplicate-key check compared every channel name with every earlier one).
 */
export async function checkManyChannels(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-check-'));
  try {
    const ms: Record<number, number> = {};
    for (const count of [6_000, 60_000]) {
      const file = manyChannels(dir, count);
      const r = await timeCommand(process.execPath, [BIN, 'check', '--json', '-c', file], { cwd: dir });
      if (r.code !== 0) throw new Error(`check of ${count} channels failed (${r.code}): ${r.stderr.slice(0, 300)}`);
      ms[count] = r.ms;
    }
    const big = ms[60_000] ?? Number.NaN;
    const ratio = big / (ms[6_000] ?? Number.NaN);
    return {
      name: 'check, 60,000 channels',
      value: Math.round(big),
      unit: 'ms',
      goal: '≤ 10000 ms, ≤ 12 × 6,000 channels',
      ok: big <= 10_000 && ratio <= 12,
      note: `6,000 channels ${Math.round(ms[6_000] ?? 0)} ms: ${ratio.toFixed(1)}× for 10× the channels`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
