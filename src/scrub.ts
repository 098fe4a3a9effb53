/**
 * Every secret value known to this process (tokens, passwords, rotated access tokens),
 * so that whatever is printed or stored can be scrubbed of them — including the forms
 * libraries put in URLs (telegraf puts the bot token in the path).
 */
const secrets = new Set<string>();

/** Remembers a secret so `scrub` removes it. Short values are ignored: they would mangle ordinary text. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
  // Basic auth headers carry user:password base64-encoded; callers register that form themselves.
}

/** Replaces every known secret in `text` with `***`. */
export function scrub(text: string): string {
  if (secrets.size === 0 && !text.includes('/bot')) return text;
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  // Telegram tokens look like 123456:ABC…; hide any such shape in a bot URL even if unregistered.
  return out.replace(/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot***');
}

/** Scrubs every string inside a JSON-able value. */
export function scrubDeep<T>(value: T): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v);
    return out as T;
  }
  return value;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}
