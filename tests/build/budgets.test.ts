/** Size budgets of the bundles (scripts/budgets.mjs), which the build enforces. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGETS, budgetProblems } from '../../scripts/budgets.mjs';
import { ROOT } from '../helpers/cli.js';

describe('size budgets', () => {
  it('a bundle over its budget is named with its size, its budget, what is largest in it and how to raise it', () => {
    const problems = budgetProblems(
      { 'main.cjs': { size: 984_000, inputs: { 'node_modules/zod/v4/locales/fr.js': 6_100, 'src/cli.ts': 9_000, 'node_modules/yaml/dist/index.js': 2_000, 'x.js': 10 } } },
      { 'main.cjs': 800_000 },
    );
    expect(problems).toEqual([
      'dist/main.cjs is 984.0 KB, over its budget of 800.0 KB (largest parts: src/cli.ts 9.0 KB, zod/v4/locales/fr.js 6.1 KB, yaml/dist/index.js 2.0 KB). ' +
        'If the growth is wanted, raise its budget in scripts/budgets.mjs in the same commit and say why; if not, find what grew.',
    ]);
  });

  it('a bundle without a budget is a problem; one within its budget is not', () => {
    expect(budgetProblems({ 'vendor/new.cjs': { size: 1000 }, 'vendor/got.cjs': { size: 80_000 } }, { 'vendor/got.cjs': 95_000 })).toEqual([
      'dist/vendor/new.cjs (1.0 KB) has no size budget: add one to BUDGETS in scripts/budgets.mjs.',
    ]);
  });

  it('every bundle the build made has a budget and fits it', () => {
    const bundles = ['main.cjs', ...readdirSync(join(ROOT, 'dist/vendor')).filter((f) => f.endsWith('.cjs')).map((f) => `vendor/${f}`)];
    expect(bundles.sort()).toEqual(Object.keys(BUDGETS).sort());
    expect(budgetProblems(Object.fromEntries(bundles.map((b) => [b, { size: statSync(join(ROOT, 'dist', b)).size }])))).toEqual([]);
  });
});
