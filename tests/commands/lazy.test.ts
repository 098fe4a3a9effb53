/** A dry-run must not load the platform clients (they cost seconds of start-up). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

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
