import type { Got } from 'got';

let gotPromise: Promise<Got> | undefined;

/**
 * got, loaded on first use: a dry-run never pays for it. Its own retries and status errors
 * are off: retrying is `src/http/retry.ts`'s job and statuses are `src/http/policy.ts`'s.
 */
export function loadGot(): Promise<Got> {
  gotPromise ??= import('../clients/load.js').then(({ loadClient }) => loadClient('got', () => import('../clients/got.js'))).then((m) =>
    m.got.extend({ retry: { limit: 0 }, throwHttpErrors: false, followRedirect: true }),
  );
  return gotPromise;
}
