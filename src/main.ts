import { createReport, runCli } from './cli.js';
import type { Io } from './engine/context.js';
import { ConfigError, PublishError } from './errors.js';

/**
 * The one top-level catch: runs the command line and turns any error into one
 * message and an exit code (2 for what the user can fix, 1 for a failed send).
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const report = createReport(io);
  try {
    return await runCli(argv, io, report);
  } catch (error) {
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
    if (io.env.PUBLISH_DEBUG) report.trace(e?.stack ?? '');
    return 2;
  }
}
