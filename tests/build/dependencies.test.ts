import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the architecture (.dependency-cruiser.cjs)', () => {
  it('every import of src/ and bin/ points down: npm run lint:deps passes', () => {
    const run = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', 'bin', '--config', '.dependency-cruiser.cjs', '--ignore-known', '--output-type', 'err'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr, 'violations').not.toMatch(/error /);
    expect(run.status).toBe(0);
  });

  it('the known violations are only channel files that import their parent (the folder layout removes them)', () => {
    const known = JSON.parse(readFileSync(new URL('.dependency-cruiser-known-violations.json', `file://${ROOT}`), 'utf8')) as { from: string; rule: { name: string } }[];
    for (const v of known) {
      expect(v.from).toMatch(/^src\/channels\//);
      expect(['no-cycles', 'channel-type-never-imports-its-parent']).toContain(v.rule.name);
    }
  });
});
