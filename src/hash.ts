import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

// node:crypto takes ~15 ms to load; a dry-run never needs it, so it is loaded on first use.
const require = createRequire(import.meta.url);
let crypto: typeof Crypto | undefined;
const load = (): typeof Crypto => (crypto ??= require('node:crypto') as typeof Crypto);

/** sha256 of `data`, hex. */
export function sha256Hex(data: string | Buffer): string {
  return load().createHash('sha256').update(data).digest('hex');
}

/** HMAC-SHA256 of `data` with `key`, hex. */
export function hmacSha256Hex(key: string, data: string | Buffer): string {
  return load().createHmac('sha256', key).update(data).digest('hex');
}

/** `bytes` random bytes, hex. */
export function randomHex(bytes: number): string {
  return load().randomBytes(bytes).toString('hex');
}
