import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/main.js';

/** Runs the real CLI entry in this process (faster than a child; same code path from argv on). */
export async function runInProcess(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await main(args, {
    env: { NO_COLOR: '1', PATH: process.env.PATH, ...opts.env },
    cwd: opts.cwd,
    stdin: Readable.from([opts.input ?? '']),
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}
