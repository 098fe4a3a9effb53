/** A dry-run must not load the platform clients (they cost seconds of start-up). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runPublish } from '../helpers/cli.js';

function loaded(args: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'publish-trace-')), 'trace.txt');
  const run = spawnSync(process.execPath, ['--require', join(ROOT, 'tests/helpers/trace-imports.cjs'), BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, IMPORT_TRACE_FILE: file, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(file, 'utf8').split('\n');
}

// The CLI is one bundle (dist/main.cjs) run by src/run-bundle.ts (its copy in dist/): everything it requires
// goes through the module loader and shows in the trace. The platform clients live in
// dist/vendor and would require Node's HTTP modules.
const HEAVY = ['telegraf', '@googleapis/youtube', 'googleapis', 'google-auth-library', 'got', 'better-sqlite3', 'pg', 'sanitize-html', 'playwright-core'];
const NETWORK = /^require (node:)?(https?|http2|net|tls|zlib|dns)$/;

describe('lazy loading', () => {
  it('a dry-run of every example loads no platform client, ledger or HTTP library', () => {
    const lines = loaded(['--dry-run', '--json', 'examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md']);
    expect(lines).toContain('require node:fs'); // the trace works
    for (const heavy of HEAVY) {
      expect(lines.filter((l) => l === `import ${heavy}` || l === `require ${heavy}` || l.startsWith(`import ${heavy}/`) || l.startsWith(`require ${heavy}/`))).toEqual([]);
    }
    expect(lines.filter((l) => NETWORK.test(l))).toEqual([]);
  });

  it('--help loads no platform client, ledger, HTTP or crypto module', () => {
    const lines = loaded(['--help']);
    for (const heavy of HEAVY) expect(lines.filter((l) => l === `require ${heavy}`)).toEqual([]);
    expect(lines.filter((l) => NETWORK.test(l) || /^require (node:)?crypto$/.test(l))).toEqual([]);
  });
});

describe('lazy loading of the article readers (issue 18)', () => {
  const vendored = async (file: string) => {
    const r = await runPublish(['--dry-run', '--json', file]);
    expect(r.code, r.stderr).toBe(0);
    return r.bundles.map((b) => relative(join(ROOT, 'dist'), b.file)).sort();
  };

  it('a Markdown or plain-text dry-run runs neither the HTML nor the Word reader bundle', async () => {
    expect(await vendored('examples/istanbul-talks.md')).toEqual(['main.cjs']);
    expect(await vendored('examples/donations-export.txt')).toEqual(['main.cjs']);
  });

  it('an HTML page loads the DOM bundle only; a Word document loads the converter too; neither a platform client', async () => {
    expect(await vendored('tests/article/inputs/wordpress.html')).toEqual(['main.cjs', 'vendor/dom.cjs']);
    expect(await vendored('tests/article/inputs/story.docx')).toEqual(['main.cjs', 'vendor/docx.cjs', 'vendor/dom.cjs']);
  });

  it('an HTML dry-run requires no HTTP or DNS module (only an address is fetched)', () => {
    const lines = loaded(['--dry-run', '--json', 'tests/article/inputs/ghost.html']);
    expect(lines.filter((l) => NETWORK.test(l))).toEqual([]);
    for (const heavy of HEAVY) expect(lines.filter((l) => l === `require ${heavy}` || l === `import ${heavy}`)).toEqual([]);
  });
});
