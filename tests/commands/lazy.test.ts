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

describe('lazy loading', () => {
  it('a dry-run of every example loads no platform client, ledger or HTTP library', () => {
    const lines = loaded(['--dry-run', '--json', 'examples/istanbul-talks.md', 'examples/donations-export.txt', 'examples/kyiv-energy-uk.md']);
    expect(lines.some((l) => l.includes('chunks/'))).toBe(true); // the trace works
    for (const heavy of ['telegraf', '@googleapis/youtube', 'googleapis', 'google-auth-library', 'got', 'better-sqlite3', 'pg', 'sanitize-html', 'playwright-core']) {
      expect(lines.filter((l) => l === `import ${heavy}` || l === `require ${heavy}` || l.startsWith(`import ${heavy}/`))).toEqual([]);
    }
    // The clients' bundles in dist/vendor are run by src/clients/load.ts (not through the
    // module loader), but what they require is traced: a dry-run opens no HTTP at all.
    expect(lines.filter((l) => /^require (node:)?(https?|http2|zlib|tls)$/.test(l))).toEqual([]);
    // ...and none of the chunks it loads holds a client.
    const chunks = [...new Set(lines.map((l) => /\.\/(chunk-[\w-]+\.js|[\w-]+-[A-Z0-9]{8}\.js)$/.exec(l)?.[1]).filter(Boolean))];
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      const text = readFileSync(join(ROOT, 'dist/chunks', chunk as string), 'utf8');
      for (const mark of ['ERR_GOT_REQUEST_ERROR', 'cachedDataRejected']) expect(text).not.toContain(mark);
    }
  });

  it('--help loads no command module', () => {
    const lines = loaded(['--help']);
    expect(lines.filter((l) => /chunks\/(publish|run|status|cancel|check|preview|init|migrate)-/.test(l))).toEqual([]);
    expect(loaded(['--dry-run', 'examples/istanbul-talks.md']).some((l) => /chunks\/publish-/.test(l))).toBe(true);
  });
});
