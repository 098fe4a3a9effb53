import { runCli } from './cli.js';
import type { Io } from './commands/context.js';
import { ConfigError, PublishError } from './errors.js';
import { Report } from './report.js';
import { scrub } from './secrets.js';

/**
 * The one top-level catch: runs the command line and turns any error into one
 * message and an exit code (2 for what the user can fix, 1 for a failed send).
 */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await runCli(argv, io);
  } catch (error) {
    const report = new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env });
    if (error instanceof ConfigError) {
      for (const p of error.problems) report.error(p);
      return error.exitCode;
    }
    if (error instanceof PublishError) {
      if (error.message) report.error(error.message);
      return error.exitCode;
    }
    const e = error as Error;
    report.error(`internal error: ${e?.message ?? String(error)} (this is a bug in publish; run with PUBLISH_DEBUG=1 for details)`);
    if (io.env.PUBLISH_DEBUG) io.stderr.write(`${scrub(e?.stack ?? '')}\n`);
    return 2;
  }
}
