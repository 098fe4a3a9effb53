import { expect } from 'vitest';
import { ArticleError } from '../../src/errors.js';

/** Asserts an ArticleError that names the file first, is one line and has no stack in it. */
export function expectArticleMessage(error: unknown, file: string, ...fragments: (string | RegExp)[]): ArticleError {
  expect(error).toBeInstanceOf(ArticleError);
  const e = error as ArticleError;
  expect(e.file).toBe(file);
  expect(e.message.startsWith(`${file}:`)).toBe(true);
  expect(e.message).not.toContain('\n');
  expect(e.message).not.toContain('    at ');
  expect(e.exitCode).toBe(2);
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(e.message).toContain(fragment);
    else expect(e.message).toMatch(fragment);
  }
  return e;
}

/** Runs `fn`, expecting it to throw an ArticleError as `expectArticleMessage` describes. */
export function expectArticleError(fn: () => unknown, file: string, ...fragments: (string | RegExp)[]): ArticleError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected an ArticleError to be thrown').toBeDefined();
  return expectArticleMessage(thrown, file, ...fragments);
}

/** Awaits `promise`, expecting it to reject with an ArticleError as `expectArticleMessage` describes. */
export async function expectArticleRejection(
  promise: Promise<unknown>,
  file: string,
  ...fragments: (string | RegExp)[]
): Promise<ArticleError> {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error ?? new Error('rejected with nothing'),
  );
  expect(thrown, 'expected an ArticleError rejection').toBeDefined();
  return expectArticleMessage(thrown, file, ...fragments);
}
