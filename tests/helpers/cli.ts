import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The real executable, as users run it. */
export const BIN = `${ROOT}bin/publish.js`;

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `publish` as a real process (the build must exist: see tests/setup/build.ts). */
export function runPublish(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string | Buffer; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env })) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
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
