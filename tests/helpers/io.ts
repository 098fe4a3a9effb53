import { PassThrough } from 'node:stream';
import type { Io } from '../../src/engine/context.js';
import { Report } from '../../src/report.js';

/** A command's world for in-process tests: `cwd`, captured stdout/stderr, a Report on them, a command's context. */
export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: Io = { env: { NO_COLOR: '1', ...env }, cwd, stdin: new PassThrough(), stdout, stderr };
  const report = (json = false) => new Report({ stdout, stderr, env: io.env, json });
  return { io, report, context: (json = false) => ({ io, report: report(json) }), out: () => out, err: () => err };
}
