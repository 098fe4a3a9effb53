import { UsageError } from '../errors.js';

/** Minutes east of UTC that `timeZone` is at instant `ms`. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The instant when the wall clock in `timeZone` shows the given local time. */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let ms = guess - offsetMinutes(guess, timeZone) * 60000;
  // Once more, in case the guess sat on the other side of a DST change.
  ms = guess - offsetMinutes(ms, timeZone) * 60000;
  return new Date(ms);
}

const DURATION = /^\+?(?:in\s+)?((?:\d+(?:d|h|m|s)\s*)+)$/i;

/**
 * Parses `--at`: ISO 8601 with an offset or Z; a local time `YYYY-MM-DD HH:MM[:SS]`
 * (or with `T`) in `timeZone`; or a relative `+2h`, `in 90m`.
 */
export function parseWhen(text: string, timeZone: string, now: Date): Date {
  const t = text.trim();
  const rel = DURATION.exec(t);
  if (rel?.[1]) {
    let ms = 0;
    for (const m of rel[1].matchAll(/(\d+)(d|h|m|s)/gi)) {
      const n = Number(m[1]);
      ms += n * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[(m[2] ?? 's').toLowerCase() as 'd' | 'h' | 'm' | 's'];
    }
    return new Date(now.getTime() + ms);
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const date = zonedTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), timeZone);
    if (!Number.isNaN(date.getTime())) return date;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const date = new Date(t);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--at ${text}: not a time; use ISO 8601 (2026-12-01T09:00+02:00), a local time in ${timeZone} (2026-12-01 09:00), or +2h`);
}
