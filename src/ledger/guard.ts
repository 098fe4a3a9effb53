/**
 * Opening the ledger for a command that sends: a ledger the marker says existed must still
 * be there, and be the same one. A deleted `state.db` (or a dropped database) would
 * otherwise make publish post every article again, so sending refuses (exit 2, one line)
 * unless `--force` says to post again.
 */
import { existsSync } from 'node:fs';
import { LedgerError } from '../errors.js';
import { expectedLedger, LEDGER_ID_KEY, MARKER_FILE, newLedgerId, recordLedger, type MarkerEntry } from './marker.js';
import { isPostgresState, openLedger } from './open.js';
import type { Ledger } from './types.js';

/** What the guard needs to know and where it reports. */
export interface GuardOptions {
  /** Machine name written into rows. */
  host: string;
  /** `--force`: post again even though the ledger that knew what was sent is gone. */
  force: boolean;
  /** What to do instead, for the refusal (`publish run` has no --force). */
  instead?: string;
  /** A warning line (the marker could not be written; a lost ledger is being replaced). */
  warn(text: string): void;
}

/** Where the ledger is and where its marker is. */
export interface LedgerPlace {
  /** channels.yaml's directory: the marker lives there. */
  dir: string;
  /** `state:` (absolute SQLite path or postgres:// URL). */
  state: string;
}

/**
 * Opens the ledger at `place.state` for sending. Refuses with a LedgerError (nothing sent)
 * when the marker remembers a ledger there and it is missing, empty or another one; with
 * `force` it starts a new one and says so. A ledger used for the first time gets an id,
 * and the marker records it.
 */
export async function openLedgerToSend(place: LedgerPlace, opts: GuardOptions): Promise<Ledger> {
  const expected = expectedLedger(place.dir, place.state);
  const sqlite = !isPostgresState(place.state);
  const gone = expected !== undefined && sqlite && !existsSync(place.state);
  if (expected && gone) {
    if (!opts.force) throw lost(place.state, expected, 'is gone', opts.instead);
    opts.warn(`${place.state} is gone (${MARKER_FILE} says it was in use since ${expected.since}): --force starts a new ledger and posts again`);
  }
  const ledger = await openLedger(place.state, { host: opts.host }).catch((error: unknown) => {
    throw nothingSent(error);
  });
  try {
    let id = await ledger.getToken(LEDGER_ID_KEY);
    if (expected && id !== expected.id) {
      const what = id === undefined ? 'is empty' : 'is another ledger';
      if (!opts.force) throw lost(ledger.location, expected, what, opts.instead);
      if (!gone) opts.warn(`${ledger.location} ${what} (${MARKER_FILE} remembers another one, in use since ${expected.since}): --force uses it and posts again`);
    }
    if (id === undefined) {
      id = newLedgerId();
      await ledger.setToken(LEDGER_ID_KEY, id);
    }
    if (expected?.id !== id) {
      const problem = recordLedger(place.dir, place.state, id);
      if (problem) opts.warn(problem);
    }
    return ledger;
  } catch (error) {
    await ledger.close();
    throw nothingSent(error);
  }
}

/** A ledger failure before sending, saying that nothing went out. */
function nothingSent(error: unknown): unknown {
  if (!(error instanceof LedgerError) || /nothing was sent/.test(error.message)) return error;
  return new LedgerError(`${error.message}; nothing was sent`, { cause: error.cause ?? error });
}

/**
 * Opens the ledger for reading only (`status`, `check`, `token`): works where the state
 * directory cannot be written. Undefined when there is no ledger yet; a ledger the marker
 * remembers and that is gone is an error.
 */
export async function openLedgerToRead(place: LedgerPlace): Promise<Ledger | undefined> {
  if (!isPostgresState(place.state) && !existsSync(place.state)) {
    const expected = expectedLedger(place.dir, place.state);
    if (expected) {
      throw new LedgerError(`the ledger ${place.state} is gone, though it recorded what was sent since ${expected.since} (${MARKER_FILE}): restore it from a backup`);
    }
    return undefined;
  }
  return openLedger(place.state, { readonly: true });
}

/** The one line that refuses to send. */
function lost(location: string, expected: MarkerEntry, what: string, instead = 'or rerun with --force to post again'): LedgerError {
  return new LedgerError(
    `the ledger ${location} ${what}, though it recorded what was sent since ${expected.since} (${MARKER_FILE}): ` +
      `publishing now would post everything again; restore it from a backup, ${instead}; nothing was sent`,
  );
}
