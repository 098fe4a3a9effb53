/**
 * Ctrl-C while posts go out. The first SIGINT stops the run from starting anything new
 * (no new channel, article or request) and lets the requests on the wire finish, so their
 * results are recorded and printed; the run then exits 130. A second SIGINT exits at once.
 */
import type { Reporter } from './context.js';

/** A run's view of Ctrl-C. */
export interface Interrupt {
  /** Aborted by the first SIGINT. */
  readonly signal: AbortSignal;
  /** Removes the handler (the run is over). */
  dispose(): void;
}

/** What the handler needs of the process (tests pass their own). */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
}

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/**
 * Watches SIGINT for one run. `inFlight` says how many posts are on the wire, for the line
 * printed at the first Ctrl-C.
 */
export function watchInterrupt(report: Pick<Reporter, 'warn'>, inFlight: () => number, proc: SignalSource = process): Interrupt {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      report.warn('stopped at once: posts that were on the wire stay "in flight" in the ledger (`publish status` lists them; a rerun asks before sending them again)');
      proc.exit(INTERRUPTED_EXIT);
    }
    controller.abort();
    const n = inFlight();
    report.warn(
      n > 0
        ? `stopping: nothing new starts; waiting for ${n} post${n === 1 ? '' : 's'} on the wire to finish (Ctrl-C again to quit at once)`
        : 'stopping: nothing new starts (Ctrl-C again to quit at once)',
    );
  };
  proc.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    dispose: () => void proc.off('SIGINT', onSignal),
  };
}
