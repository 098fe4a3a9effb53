import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The real executable, as users run it. */
export const BIN = `${ROOT}bin/publish.js`;
/** A preload that records each bundle of dist/ a process runs (it changes nothing else). */
const TRACE = `${ROOT}tests/helpers/trace-bundles.cjs`;

/** A bundle of dist/ a process ran, and whether V8 took its stored code. */
export interface BundleRun {
  file: string;
  cache: 'accepted' | 'rejected' | 'stale' | 'none';
}

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The bundles it ran: dist/main.cjs, then each client in dist/vendor it loaded. */
  bundles: BundleRun[];
}

/**
 * Runs `publish` as a real process (the build must exist: see tests/setup/build.ts), the
 * way users run it: bin/publish.js, dist/main.cjs and the clients of dist/vendor, each with
 * its stored code. Fails when a bundle ran without it (V8 refused it, or it is missing or
 * stale), since the tests would then not run what users run, unless `nodeArgs` gives Node
 * flags (V8 takes stored code only under the flags it was made with).
 */
export function runPublish(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string | Buffer; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env })) if (v !== undefined) env[k] = v;
    const trace = join(mkdtempSync(join(tmpdir(), 'publish-bundles-')), 'trace.jsonl');
    env.BUNDLE_TRACE_FILE = trace;
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--require', TRACE, BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const bundles = readBundles(trace);
      // V8 refuses stored code made under other flags (--expose-gc): such runs test
      // something else, and are allowed to compile.
      const cold = (opts.nodeArgs ?? []).length > 0 ? [] : bundles.filter((b) => b.cache !== 'accepted');
      if (cold.length > 0) {
        reject(new Error(`publish ran without its stored code: ${cold.map((b) => `${b.file} (${b.cache})`).join(', ')}; stderr: ${stderr}`));
      } else {
        resolve({ code, signal, stdout, stderr, bundles });
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Starts `publish` and returns the child (for tests that kill it mid-flight). */
export function startPublish(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; nodeArgs?: string[] } = {}) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env })) if (v !== undefined) env[k] = v;
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Node flags that run a full garbage collection every 10 ms in the publish process: a
 * timer that only survives while something holds it (Node 20's AbortSignal.any) is lost.
 */
export const GC_OFTEN = ['--expose-gc', '--import', `${ROOT}tests/helpers/gc-often.mjs`];

function readBundles(trace: string): BundleRun[] {
  let text = '';
  try {
    text = readFileSync(trace, 'utf8');
  } catch {
    // the process ran no bundle (it failed before bin/publish.js loaded one)
  }
  rmSync(join(trace, '..'), { recursive: true, force: true });
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BundleRun);
}
