import { ArticleError } from '../errors.js';

/** Where in an article file something was found (1-based). */
export interface Location {
  line: number;
  col?: number;
}

/**
 * Builds the one-line `ArticleError` every article problem becomes:
 * `stories/x.md:3:7: <what is wrong>; <what to do>`.
 *
 * `ArticleError` prefixes only the file name, so when a line is known the message is
 * rewritten to put `:line:col` straight after the file, as compilers do.
 */
export function articleError(
  source: string,
  message: string,
  where?: Location,
  cause?: unknown,
): ArticleError {
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  const error = new ArticleError(source, oneLine, cause === undefined ? undefined : { cause });
  if (where !== undefined) {
    const at = where.col === undefined ? `${where.line}` : `${where.line}:${where.col}`;
    error.message = `${source}:${at}: ${oneLine}`;
  }
  return error;
}
