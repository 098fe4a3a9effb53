/**
 * `npm run bench`: every speed and memory figure the issues name, each beside its goal.
 * Figures live here, never in timed tests.
 */
import { checkManyChannels } from './check.js';
import { cleaningCorpus } from './cleaning.js';
import { dryRunStartup, dryRunThousand } from './dry-run.js';
import { htmlPageDryRun } from './html-page.js';
import { fanOut } from './fan-out.js';
import { fanOutPlatforms } from './fan-out-platforms.js';
import { runQueue } from './run-queue.js';
import { cronLoad } from './cron-load.js';
import { tiktokUpload } from './tiktok-upload.js';
import { runQueuePostgres } from './postgres.js';
import type { Figure } from './util.js';

const sections: [string, () => Promise<Figure | Figure[]>][] = [
  ['cleaning corpus', async () => cleaningCorpus()],
  ['dry-run start-up', () => dryRunStartup()],
  ['dry-run 1,000 articles', () => dryRunThousand()],
  ['dry-run of a 200 KB page', () => htmlPageDryRun()],
  ['check 60,000 channels', () => checkManyChannels()],
  ['fan-out', () => fanOut()],
  ['fan-out (platform fakes)', () => fanOutPlatforms()],
  ['publish run', () => runQueue()],
  ['publish run (PostgreSQL)', () => runQueuePostgres()],
  ['cron under load', () => cronLoad()],
  ['tiktok upload', () => tiktokUpload()],
];

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, measure] of sections) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  process.stderr.write(`measuring ${name}…\n`);
  try {
    const got = await measure();
    figures.push(...(Array.isArray(got) ? got : [got]));
  } catch (error) {
    figures.push({ name, value: Number.NaN, unit: '', goal: '', ok: false, note: `could not measure: ${(error as Error).message}` });
  }
}
const width = Math.max(...figures.map((f) => f.name.length));
for (const f of figures) {
  process.stdout.write(`${f.ok ? 'ok  ' : 'MISS'}  ${f.name.padEnd(width)}  ${String(f.value).padStart(7)} ${f.unit.padEnd(12)}  goal ${f.goal}${f.note ? `  (${f.note})` : ''}\n`);
}
process.exitCode = figures.every((f) => f.ok) ? 0 : 1;
