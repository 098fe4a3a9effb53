import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, median, timeCommand, type Figure } from './util.js';

/** Dry-run start-up against a bare `node -e 0`, interleaved so load affects both alike. */
export async function dryRunStartup(runs = 21): Promise<Figure> {
  const node: number[] = [];
  const ours: number[] = [];
  await timeCommand(process.execPath, [BIN, '--dry-run', 'examples/istanbul-talks.md']); // warm the file cache
  for (let i = 0; i < runs; i++) {
    node.push((await timeCommand(process.execPath, ['-e', '0'])).ms);
    const r = await timeCommand(process.execPath, [BIN, '--dry-run', 'examples/istanbul-talks.md']);
    if (r.code !== 0) throw new Error(`dry-run failed: ${r.stderr}`);
    ours.push(r.ms);
  }
  const ratio = median(ours) / median(node);
  return {
    name: 'dry-run, 1 article, all channels',
    value: Number(ratio.toFixed(2)),
    unit: '× node -e 0',
    goal: '≤ 2.5×',
    ok: ratio <= 2.5,
    note: `median ${median(ours).toFixed(0)} ms vs ${median(node).toFixed(0)} ms`,
  };
}

/** One invocation over 1,000 articles. */
export async function dryRunThousand(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-1000-'));
  copyFileSync(join(ROOT, 'channels.yaml'), join(dir, 'channels.yaml'));
  mkdirSync(join(dir, 'stories'));
  mkdirSync(join(dir, 'stories/media'));
  for (const m of ['cover.jpg', 'clip.mp4']) copyFileSync(join(ROOT, 'examples/media', m), join(dir, 'stories/media', m));
  const sources = ['istanbul-talks.md', 'donations-export.txt', 'kyiv-energy-uk.md'].map((f) => [f, readFileSync(join(ROOT, 'examples', f), 'utf8')] as const);
  const files: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const [name, text] = sources[i % 3] as readonly [string, string];
    const file = `stories/${i}-${name}`;
    // Unique ids: front matter id/slug get a suffix; plain exports take the file name.
    writeFileSync(join(dir, file), text.replace(/^id: (.+)$/m, `id: $1-${i}`).replace(/^slug: (.+)$/m, `slug: $1-${i}`));
    files.push(file);
  }
  const r = await timeCommand(process.execPath, [BIN, '--dry-run', '--json', ...files], { cwd: dir });
  if (r.code !== 0) throw new Error(`1000-article dry-run failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  const doc = JSON.parse(r.stdout) as { articles: unknown[] };
  if (doc.articles.length !== 1000) throw new Error('expected 1000 articles');
  return { name: 'dry-run, 1,000 articles, one invocation', value: Math.round(r.ms), unit: 'ms', goal: '≤ 3000 ms', ok: r.ms <= 3000 };
}
