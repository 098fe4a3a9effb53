import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { PublishError } from '../errors.js';

/** `publish init`: not built yet (issue 8). */
export async function initCommand(_opts: GlobalOptions & Record<string, unknown>, _io: Io, _report: Report): Promise<number> {
  throw new PublishError('not_built', 'publish init is not built yet');
}
