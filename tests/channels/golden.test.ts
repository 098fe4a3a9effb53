/**
 * Golden outputs: the exact payload every channel gets for every example article.
 * A change here is a change in what readers see: review the diff, then `vitest -u`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticles } from '../../src/article/read.js';
import { dryRun } from '../../src/engine/plan.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ROOT } from '../helpers/cli.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const EXAMPLES = ['istanbul-talks.md', 'donations-export.txt', 'kyiv-energy-uk.md'];

describe('golden outputs', async () => {
  const config = await loadConfig(join(ROOT, 'tests/channels/golden/channels.yaml'), { env: {} });
  const articles = await readArticles(EXAMPLES.map((e) => `examples/${e}`), { cwd: ROOT, strip: config.strip, keep: config.keep, clean: config.clean, defaultLanguage: config.language });
  const result = dryRun(config, articles, [], NOW);

  it('every example is valid or skipped on every channel', () => {
    for (const a of result.articles) for (const r of a.results) expect(`${a.id} ${r.channel} ${r.status}`).toMatch(/ (valid|skipped)$/);
    expect(result.ok).toBe(true);
  });

  for (const article of result.articles) {
    for (const r of article.results) {
      it(`${article.id} → ${r.channel}`, async () => {
        const { measures: _m, ...doc } = r;
        await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot(`golden/${article.id}.${r.channel}.json`);
      });
    }
  }
});
