// Size budgets for the bundles of dist/, in bytes: the build (scripts/build.mjs) fails when
// a bundle outgrows its budget, so a dependency that swells, or a stand-in that stops
// replacing anything, is seen before it ships.
//
// Set in December 2026 at the sizes then plus headroom: main.cjs 18 % over its 678 KB (the
// boilerplate classifier and the media checks being written will add code), each client
// bundle 10–15 % over its size (got 125 KB, telegraf 118 KB, youtube 417 KB). To raise a
// budget, change it here in the commit that needs it and say why in that commit.
//
// Raised for HTML, Word and web-page articles (issue 18): main.cjs by 40 KB for the readers'
// own code (27 KB: the page scan, the DOM walk, fetching, Word pictures; the libraries they
// use live in vendor/dom.cjs and vendor/docx.cjs, 282 KB and 353 KB, loaded only for such
// articles, each budgeted 10 % over its size).
// Raised again for issue 16 (cancel and retract: the lifecycle engine, two commands, each
// channel's retract and the history timeline add ~25 KB of our own code): 880 KB.
// Issue 17 (problems' sources, the CI formats, `publish schema`, `init --ci`, shell completion)
// adds about 20 KB, most of it run only when asked for: 880 KB still holds it.
export const BUDGETS = {
  'main.cjs': 880_000,
  'vendor/got.cjs': 140_000,
  'vendor/telegraf.cjs': 135_000,
  'vendor/youtube.cjs': 460_000,
  'vendor/dom.cjs': 310_000,
  'vendor/docx.cjs': 390_000,
};

/**
 * One problem per bundle over its budget or without one. `bundles` maps each bundle's
 * name under dist/ to its size and its largest inputs (from esbuild's metafile).
 */
export function budgetProblems(bundles, budgets = BUDGETS) {
  const problems = [];
  for (const [name, { size, inputs = {} }] of Object.entries(bundles)) {
    const budget = budgets[name];
    if (budget === undefined) {
      problems.push(`dist/${name} (${kb(size)}) has no size budget: add one to BUDGETS in scripts/budgets.mjs.`);
    } else if (size > budget) {
      const largest = Object.entries(inputs)
        .sort(([, a], [, b]) => b - a)
        .slice(0, 3)
        .map(([file, bytes]) => `${file.replace(/^.*node_modules\//, '')} ${kb(bytes)}`);
      problems.push(
        `dist/${name} is ${kb(size)}, over its budget of ${kb(budget)}${largest.length ? ` (largest parts: ${largest.join(', ')})` : ''}. ` +
          'If the growth is wanted, raise its budget in scripts/budgets.mjs in the same commit and say why; if not, find what grew.',
      );
    }
  }
  return problems;
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}
