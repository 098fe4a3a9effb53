/**
 * The contract every channel type keeps, run against its strict local fake
 * (after unstorage's testDriver). Each type's test file calls `testChannel`, then adds its own cases.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getChannelType } from '../../src/channels/index.js';
import { runInProcess } from '../helpers/inprocess.js';
import { ROOT } from '../helpers/cli.js';

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
