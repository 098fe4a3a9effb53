/**
 * The contract every channel type keeps. `testChannelTypes` runs, for every type in the
 * registry, what needs no platform: its folder and imports, its example configuration,
 * dry-run, preview card and client bundles (tests/channels/registry.test.ts calls it, so a new
 * type is checked with no other edit). `testChannel` runs the rest against the type's strict
 * local fake (after unstorage's testDriver); each type's test file calls it, then adds its
 * own cases.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelTypes, clientBundles, getChannelType } from '../../src/channels/index.js';
import type { ChannelType } from '../../src/channels/types.js';
import { runInProcess } from '../helpers/inprocess.js';
import { ROOT, runPublish } from '../helpers/cli.js';

/** A fault every platform can be told to answer with. */
export type ContractFault = 'unauthorized' | 'rate_limited' | 'server_error';

/** One running fake, and how the channel is configured against it. */
export interface ContractSetup<F> {
  fake: F;
  /** The channel's options in channels.yaml (without `type`), pointing at the fake. */
  options: Record<string, unknown>;
  /** Environment the channel's `${VAR}` secrets come from. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface ContractOptions<F> {
  type: string;
  start(): Promise<ContractSetup<F>>;
  /** How many posts the platform holds (created, not edits). */
  posts(fake: F): number;
  /** Every request the fake received (any route). */
  requests(fake: F): number;
  /** Makes the next request that creates a post fail like this. */
  failNext(fake: F, fault: ContractFault): void;
  /** Example articles this type takes (default: all three). */
  articles?: string[];
  /** The remote id/url a receipt must look like. */
  remote?: RegExp;
  /** Secrets that must never appear in output. */
  secrets(setup: ContractSetup<F>): string[];
}

const EXAMPLES = ['istanbul-talks.md', 'donations-export.txt', 'kyiv-energy-uk.md'];

/** The relative imports of a source file: `import … from '…'` and `export … from '…'`, static only. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
}

/** A working directory with the examples and a channels.yaml holding one channel per type, named after it. */
function exampleDir(types: readonly ChannelType[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'publish-registry-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const channels = Object.fromEntries(types.map((t) => [t.type, { type: t.type, ...t.example }]));
  writeFileSync(join(dir, 'channels.yaml'), stringify({ timezone: 'UTC', language: 'en', channels }));
  return dir;
}

/**
 * What every registered type keeps, with no platform and no per-type test: one folder with a
 * leaf options.ts and a lazy deliver.ts; an example configuration that validates; a dry-run
 * of every example article within the limits that loads no client; a card in the preview;
 * its client bundles in src/clients/bundles.json.
 */
export function testChannelTypes(types: readonly ChannelType[] = channelTypes): void {
  describe('every registered channel type', () => {
    it('names are unique and each has its folder', () => {
      expect(new Set(types.map((t) => t.type)).size).toBe(types.length);
      for (const t of types) {
        for (const file of ['index.ts', 'options.ts', 'render.ts']) {
          expect(existsSync(join(ROOT, 'src/channels', t.type, file)), `src/channels/${t.type}/${file}`).toBe(true);
        }
        expect(t.platform.trim(), t.type).not.toBe('');
      }
    });

    it("options.ts is a leaf, and no file of a type's folder imports the registry or another type's folder", () => {
      const folders = types.map((t) => t.type);
      for (const type of folders) {
        const dir = join(ROOT, 'src/channels', type);
        for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
          for (const spec of staticImports(join(dir, file))) {
            const where = `src/channels/${type}/${file} imports ${spec}`;
            if (file === 'options.ts') expect(spec, where).not.toMatch(/^\.\/|^\.\.\/(?!\.\.\/)/);
            expect(spec, where).not.toMatch(/^\.\.\/index\.js$/);
            for (const other of folders.filter((f) => f !== type)) expect(spec, where).not.toMatch(new RegExp(`^\\.\\./${other}/`));
          }
        }
      }
    });

    it('the sending code is imported only lazily: nothing a dry-run runs imports deliver.js', () => {
      for (const t of types) {
        const dir = join(ROOT, 'src/channels', t.type);
        const sends = existsSync(join(dir, 'deliver.ts'));
        expect(sends, `${t.type}: deliver, load and deliver.ts go together`).toBe(t.deliver !== undefined && t.load !== undefined);
        for (const file of ['index.ts', 'options.ts', 'render.ts', 'card.ts'].filter((f) => existsSync(join(dir, f)))) {
          expect(staticImports(join(dir, file)), `src/channels/${t.type}/${file}`).not.toContain('./deliver.js');
        }
      }
    });

    it('its example configuration validates, and its secret and required keys are options of its schema', async () => {
      const dir = exampleDir(types);
      const r = await runInProcess(['check', '--json'], { cwd: dir });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      for (const t of types) {
        const keys = Object.keys((t.schema as unknown as { shape?: object }).shape ?? {});
        for (const key of [...t.secretKeys, ...(t.sendRequires ?? []), ...(t.rotatedSecret ? [t.rotatedSecret] : [])]) {
          expect(keys, `${t.type}: ${key}`).toContain(key);
        }
      }
    });

    it('a dry-run of every example article is within the limits, the same twice (render is pure)', async () => {
      // The same clock for both runs: dates in paths and front matter come from it.
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T10:00:00Z') });
      try {
        for (const t of types) {
          const dir = exampleDir([t]);
          const first = await runInProcess(['--dry-run', '--json', ...EXAMPLES], { cwd: dir });
          expect(first.code, `${t.type}: ${first.stderr}${first.stdout}`).toBe(0);
          for (const a of JSON.parse(first.stdout).articles) {
            for (const res of a.results) expect(res.status, `${t.type} ${a.id}: ${JSON.stringify(res.problems)}`).toMatch(/^(valid|skipped)$/);
          }
          const second = await runInProcess(['--dry-run', '--json', ...EXAMPLES], { cwd: dir });
          expect(second.stdout, t.type).toBe(first.stdout);
        }
      } finally {
        vi.useRealTimers();
      }
    });

    it('the preview shows a card of each type under its platform name', async () => {
      const dir = exampleDir(types);
      const r = await runInProcess(['preview', '--out', 'preview.html', 'istanbul-talks.md'], { cwd: dir });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const page = readFileSync(join(dir, 'preview.html'), 'utf8');
      for (const t of types) {
        expect(page, t.type).toContain(`data-channel="${t.type}" data-type="${t.type}"`);
        expect(page, t.type).toContain(`<span class="badge badge--${t.type}">${t.platform.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</span>`);
      }
    });

    it('src/clients/bundles.json, which the build reads, names exactly the client bundles the types load', () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'src/clients/bundles.json'), 'utf8')) as { bundles: Record<string, string> };
      const expected = clientBundles(types);
      expect(
        manifest.bundles,
        `src/clients/bundles.json must say "bundles": ${JSON.stringify(expected)} (the \`clients\` of src/channels/index.ts's types)`,
      ).toEqual(expected);
      for (const entry of Object.values(expected)) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    });

    describe('as users run it (dist/)', () => {
      let run: Awaited<ReturnType<typeof runPublish>>;
      let imports: string[];
      beforeAll(async () => {
        const dir = exampleDir(types);
        const trace = join(dir, 'imports.txt');
        run = await runPublish(['--dry-run', '--json', ...EXAMPLES], {
          cwd: dir,
          env: { IMPORT_TRACE_FILE: trace },
          nodeArgs: ['--require', join(ROOT, 'tests/helpers/trace-imports.cjs')],
        });
        imports = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n') : [];
      });

      it('a dry-run with every type runs no client bundle and loads no network module', () => {
        expect(run.code, run.stderr).toBe(0);
        expect(imports).toContain('require node:fs'); // the trace works
        expect(run.bundles.map((b) => b.file.replace(/^.*\/dist\//, 'dist/'))).toEqual(['dist/main.cjs']);
        expect(imports.filter((l) => /^require (node:)?(https?|http2|net|tls|dns)$/.test(l))).toEqual([]);
      });
    });
  });
}

/** Runs the shared contract against a channel type. */
export function testChannel<F>(opts: ContractOptions<F>): void {
  describe(`${opts.type}: channel contract`, () => {
    let setup: ContractSetup<F>;
    let dir: string;
    const channelName = `${opts.type}-test`;

    beforeEach(async () => {
      setup = await opts.start();
      dir = mkdtempSync(join(tmpdir(), `publish-contract-${opts.type}-`));
      cpSync(join(ROOT, 'examples'), dir, { recursive: true });
      const config = {
        timezone: 'UTC',
        channels: {
          [channelName]: {
            type: opts.type,
            ...setup.options,
            retry: { attempts: 3, base_delay: '10ms', max_delay: '50ms', budget: '20s' },
          },
        },
      };
      writeFileSync(join(dir, 'channels.yaml'), stringify(config));
    });
    afterEach(async () => {
      await setup.close();
    });

    const run = (args: string[]) => runInProcess(args, { cwd: dir, env: setup.env });
    const articles = opts.articles ?? EXAMPLES;
    const withUrl = (name: string) => {
      // A fixed canonical link, so channels that need one do not wait for a website.
      const path = join(dir, name);
      if (name.endsWith('.md')) {
        const text = readFileSync(path, 'utf8');
        if (!/^url:/m.test(text)) writeFileSync(path, text.replace(/^---\n/, `---\nurl: https://babel.example.org/${name.replace(/\.\w+$/, '')}/\n`));
      }
      return name;
    };

    it('every example renders within the limits (dry-run sends nothing)', async () => {
      const r = await run(['--dry-run', '--json', ...articles]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const doc = JSON.parse(r.stdout);
      for (const a of doc.articles) {
        for (const res of a.results) {
          expect(res.status, `${a.id}: ${JSON.stringify(res.problems)}`).toMatch(/^(valid|skipped)$/);
        }
      }
      expect(opts.requests(setup.fake)).toBe(0);
    });

    it('load() readies the sending code and client without a request', async () => {
      const type = getChannelType(opts.type);
      await type?.load?.();
      expect(opts.requests(setup.fake)).toBe(0);
    });

    it('every example it takes is posted and accepted by the platform', async () => {
      const names = articles.filter((a) => a.endsWith('.md')).map(withUrl);
      const r = await run(['--json', ...names]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const doc = JSON.parse(r.stdout);
      let sent = 0;
      for (const a of doc.articles) {
        for (const res of a.results) {
          expect(res.status, JSON.stringify(res.error)).toMatch(/^(published|skipped)$/);
          if (res.status === 'published') {
            sent++;
            expect(typeof res.remote.id).toBe('string');
            if (opts.remote) expect(res.remote.url ?? res.remote.id).toMatch(opts.remote);
          }
        }
      }
      expect(sent).toBeGreaterThan(0);
      expect(opts.posts(setup.fake)).toBe(sent);
      const all = r.stdout + r.stderr;
      for (const s of opts.secrets(setup)) expect(all).not.toContain(s);
    });

    it('the first delivery creates; a rerun with the ledger row does not', async () => {
      const name = withUrl(articles.find((a) => a.endsWith('.md')) ?? 'istanbul-talks.md');
      const first = await run(['--json', name]);
      expect(first.code, first.stderr + first.stdout).toBe(0);
      const before = opts.posts(setup.fake);
      expect(before).toBe(1);
      const again = await run(['--json', name]);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).articles[0].results[0].status).toBe('unchanged');
      expect(opts.posts(setup.fake)).toBe(before);
    });

    it('an authorisation failure is not retried and says what to do', async () => {
      const name = withUrl(articles.find((a) => a.endsWith('.md')) ?? 'istanbul-talks.md');
      opts.failNext(setup.fake, 'unauthorized');
      const before = opts.requests(setup.fake);
      const r = await run(['--json', name]);
      expect(r.code).toBe(1);
      const res = JSON.parse(r.stdout).articles[0].results[0];
      expect(res.status).toBe('failed');
      expect(res.error.retryable).toBe(false);
      expect(res.error.message.length).toBeGreaterThan(10);
      expect(res.error.message).not.toMatch(/\n/);
      expect(opts.posts(setup.fake)).toBe(0);
      // No second try of the refused request.
      expect(opts.requests(setup.fake) - before).toBeLessThanOrEqual(4);
      for (const s of opts.secrets(setup)) expect(r.stdout + r.stderr).not.toContain(s);
    });

    for (const fault of ['rate_limited', 'server_error'] as const) {
      it(`${fault} is retried and the post goes out once`, async () => {
        const name = withUrl(articles.find((a) => a.endsWith('.md')) ?? 'istanbul-talks.md');
        opts.failNext(setup.fake, fault);
        const r = await run(['--json', name]);
        expect(r.code, r.stderr + r.stdout).toBe(0);
        expect(JSON.parse(r.stdout).articles[0].results[0].status).toBe('published');
        expect(opts.posts(setup.fake)).toBe(1);
      });
    }
  });
}
