/** Size budgets in bytes, by bundle name under dist/ (`main.cjs`, `vendor/got.cjs`, …). */
export const BUDGETS: Readonly<Record<string, number>>;

/** One line per bundle over its budget (or without one), naming its size, budget and largest parts. */
export function budgetProblems(
  bundles: Record<string, { size: number; inputs?: Record<string, number> }>,
  budgets?: Readonly<Record<string, number>>,
): string[];
