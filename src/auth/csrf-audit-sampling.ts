/** One csrf.mismatch row per client per window at most, plus one at each power of ten. */
export const CSRF_AUDIT_WINDOW_SECONDS = 60;

/**
 * A forged-request storm must not flood audit_events (one client wrote 2,000 rows in 15 s), yet
 * its size must stay visible: the row written at the 1st, 10th, 100th… mismatch of a client's
 * window carries that running `count`.
 */
export function isSampledMismatch(count: number): boolean {
  if (count < 1) return false;
  let n = count;
  while (n % 10 === 0) n /= 10;
  return n === 1;
}
