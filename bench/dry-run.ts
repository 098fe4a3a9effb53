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
    goal: '≤ 2.5× (README); ≤ 3.5× (issue 15)',
    ok: ratio <= 2.5,
    note: `median ${median(ours).toFixed(0)} ms vs ${median(node).toFixed(0)} ms`,
  };
}

/** Rounds of the 1,000-article dry-run (each variant once a round, in turn). */
const THOUSAND_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * One invocation over 1,000 articles, with cleaning on (channels.yaml as shipped) and off
 * (`article.clean: off`), interleaved round by round so the machine's load weighs on both
 * alike; medians. With BENCH_BASELINE=<a checkout of publish, built> the same corpus also
 * runs through that checkout's bin/publish.js (the pre-cleaner commit, say) for the goal
 * the issue set: within 10 % of the figure before cleaning.
 */
export async function dryRunThousand(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'publish-bench-1000-'));
  copyFileSync(join(ROOT, 'channels.yaml'), join(dir, 'channels.yaml'));
  writeFileSync(join(dir, 'channels-clean-off.yaml'), `${readFileSync(join(ROOT, 'channels.yaml'), 'utf8')}\narticle:\n  clean: off\n`);
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
  // Each run writes the CPU time it used (user + system) on exit: on a machine shared with
  // other work, wall time follows the load; CPU time much less.
  const cpuFile = join(dir, 'cpu.json');
  writeFileSync(
    join(dir, 'cpu.cjs'),
    `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });\n`,
  );
  const baseline = process.env.BENCH_BASELINE;
  const variants: [string, string, string[]][] = [
    ['on', BIN, []],
    ['off', BIN, ['-c', 'channels-clean-off.yaml']],
    ...(baseline ? [['baseline', join(baseline, 'bin/publish.js'), []] as [string, string, string[]]] : []),
  ];
  const ms = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < THOUSAND_ROUNDS; round++) {
    for (let v = 0; v < variants.length; v++) {
      const [name, bin, extra] = variants[(v + round) % variants.length]!;
      const r = await timeCommand(process.execPath, ['-r', './cpu.cjs', bin, '--dry-run', '--json', ...extra, ...files], { cwd: dir });
      if (r.code !== 0) throw new Error(`1000-article dry-run (${name}) failed (${r.code}): ${r.stderr.slice(0, 500)}`);
      const doc = JSON.parse(r.stdout) as { articles: unknown[] };
      if (doc.articles.length !== 1000) throw new Error('expected 1000 articles');
      ms.get(name)!.push(r.ms);
      cpu.get(name)!.push(Number(readFileSync(cpuFile, 'utf8')));
    }
  }
  const on = median(ms.get('on')!);
  const cpuOn = median(cpu.get('on')!);
  const cpuOff = median(cpu.get('off')!);
  const runs = (name: string) => ms.get(name)!.map((x) => (x / 1000).toFixed(2)).join(' ');
  const pct = (a: number, b: number) => Number((100 * (a / b - 1)).toFixed(1));
  // The percentages compare CPU medians; wall medians beside them.
  const versus = (name: string) => `CPU median ${Math.round(cpuOn)} vs ${Math.round(median(cpu.get(name)!))} ms, wall median ${Math.round(on)} vs ${Math.round(median(ms.get(name)!))} ms (${pct(on, median(ms.get(name)!))} %)`;
  const figures: Figure[] = [
    { name: 'dry-run, 1,000 articles, one invocation', value: Math.round(on), unit: 'ms (median)', goal: '≤ 3000 ms (README); ≤ 2000 ms (issue 15)', ok: on <= 3000, note: `runs ${runs('on')} s` },
    {
      name: 'cleaning cost, 1,000-article dry-run',
      value: pct(cpuOn, cpuOff),
      unit: '% CPU vs off',
      goal: '≤ 10 %',
      ok: cpuOn <= cpuOff * 1.1,
      note: `article.clean on vs off: ${versus('off')}`,
    },
  ];
  if (baseline) {
    const cpuBase = median(cpu.get('baseline')!);
    figures.push({
      name: 'dry-run, 1,000 articles, vs BENCH_BASELINE',
      value: pct(cpuOn, cpuBase),
      unit: '% CPU',
      goal: '≤ 10 %',
      ok: cpuOn <= cpuBase * 1.1,
      note: `${versus('baseline')}; baseline runs ${runs('baseline')} s`,
    });
  }
  return figures;
}
