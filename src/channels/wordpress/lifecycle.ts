/** What the engine may know of a WordPress post offline: when it goes live, and what a retract does. Pure. */
import type { Receipt } from '../types.js';

/** A `future` post's time (its receipt's `date_gmt`, UTC), or undefined once it is out or a draft. */
export function heldUntil(receipt: Receipt): Date | undefined {
  const extra = receipt.extra as { status?: unknown; date_gmt?: unknown } | undefined;
  if (extra?.status !== 'future' || typeof extra.date_gmt !== 'string') return undefined;
  const at = new Date(`${extra.date_gmt}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** What `publish retract` does to the post. */
export function retractPlan(receipt: Receipt): string {
  return `move post ${receipt.id}${receipt.url ? ` (${receipt.url})` : ''} to the WordPress trash (recoverable)`;
}
