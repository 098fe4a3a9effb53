import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root (bench runs from dist/bench/bench.js or via vitest). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/dist\/$/, '');
export const BIN = `${ROOT}bin/publish.js`;

/** One measured figure against its goal. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: string;
  ok: boolean;
  note?: string;
}

/** Runs a command; resolves with wall time (ms) and exit code. */
export function timeCommand(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ ms: number; code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // BENCH_NODE_ARGS (say `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to every publish child.
    const extra = cmd === process.execPath && args[0] === BIN ? (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
    const child = spawn(cmd, [...extra, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, code, stderr, stdout }));
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
