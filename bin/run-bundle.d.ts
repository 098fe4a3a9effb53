import type { Script } from 'node:vm';

/** How the stored code of a bundle fared: used, refused by V8, older than the bundle, or absent. */
export type StoredCode = 'accepted' | 'rejected' | 'stale' | 'none';

/** Compiles and runs one CommonJS bundle of dist/, with its stored V8 code when it fits. */
export function runBundle<T = Record<string, unknown>>(
  file: string,
  options?: { filename?: string; storedCode?: boolean },
): { exports: T; cache: StoredCode; script: Script };
