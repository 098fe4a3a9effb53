import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the architecture (.dependency-cruiser.cjs)', () => {
  it('every import of src/ and bin/ points down: npm run lint:deps passes', () => {
    const run = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr, 'violations').not.toMatch(/error /);
    expect(run.status).toBe(0);
  });

  it('every module of src/ belongs to a layer, so no new folder escapes the rules', () => {
    const rules = readFileSync(new URL('.dependency-cruiser.cjs', `file://${ROOT}`), 'utf8');
    const layer = (name: string): RegExp => new RegExp(JSON.parse(`"${rules.match(new RegExp(`const ${name} = '([^']+)'`))?.[1] ?? 'x^'}"`) as string);
    const layers = ['FOUNDATION', 'DOMAIN', 'ENGINE', 'ABOVE_ENGINE'].map(layer);
    const entries = readdirSync(new URL('src/', `file://${ROOT}`), { withFileTypes: true });
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) {
      const path = e.isDirectory() ? `src/${e.name}/x.ts` : `src/${e.name}`;
      expect(layers.some((l) => l.test(path)), `${path} is in no layer of .dependency-cruiser.cjs`).toBe(true);
    }
  });
});
