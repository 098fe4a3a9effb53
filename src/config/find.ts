import { isAbsolute, relative, resolve } from 'node:path';
import type { Env } from './env.js';

/** The config file used when neither `-c` nor `$PUBLISH_CONFIG` names one. */
export const DEFAULT_CONFIG_FILE = 'channels.yaml';

/**
 * Which channels.yaml to load: the `-c/--config` flag, else `$PUBLISH_CONFIG`, else
 * `channels.yaml` in `cwd`. An absolute choice is returned as is. A relative one is resolved
 * against `cwd` and returned relative to the process's directory (which `loadConfig` reads
 * from), so messages show the short form the user typed (`channels.yaml:3:5 …`) while the
 * path stays right when `cwd` is not the process's directory.
 */
export function resolveConfigPath(flag: string | undefined, env: Env, cwd: string): string {
  const chosen = nonEmpty(flag) ?? nonEmpty(env['PUBLISH_CONFIG']) ?? DEFAULT_CONFIG_FILE;
  if (isAbsolute(chosen)) return chosen;
  const fromProcess = relative(process.cwd(), resolve(cwd, chosen));
  return isAbsolute(fromProcess) ? fromProcess : fromProcess || '.';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
