import type { Report } from '../report.js';
import type { GlobalOptions, Io } from './context.js';
import { PublishError } from '../errors.js';

/** `publish check`: not built yet (issue 8). */
export async function checkCommand(_opts: GlobalOptions & Record<string, unknown>, _io: Io, _report: Report): Promise<number> {
  throw new PublishError('not_built', 'publish check is not built yet');
}
