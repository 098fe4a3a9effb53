/** channels.yaml: find it, load it, validate it. */
export { loadConfig } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export { interpolate, mergeEnv, parseDotEnv, readDotEnv } from './env.js';
export type { Env, InterpolateOptions, Interpolated } from './env.js';
export { DEFAULT_CONFIG_FILE, resolveConfigPath } from './find.js';
export { parseDuration } from './duration.js';
export { SECRET_KEY_NAMES, missingSecretsProblems } from './secret-keys.js';
export type { ChannelConfig, Config, MissingVariable, RetryPolicy } from './types.js';
