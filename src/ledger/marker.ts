/**
 * The ledger marker: `.publish-ledger.json` beside channels.yaml, outside the ledger, says
 * that a ledger exists and which one (its `state:` location without a password, and the id
 * stored inside it). When the ledger is then missing, empty or replaced, sending refuses
 * instead of posting everything a second time (see guard.ts). It lives beside channels.yaml,
 * not in `.publish/`, so deleting that folder does not delete the marker with the ledger.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** The marker's file name, in channels.yaml's directory. */
export const MARKER_FILE = '.publish-ledger.json';

/** Token-store key of the ledger's own id (no channel's key: those all have a `:`). */
export const LEDGER_ID_KEY = 'ledger-id';

/** What the marker remembers of one ledger. */
export interface MarkerEntry {
  /** The id stored in the ledger when it was first used here. */
  id: string;
  /** When that was (ISO). */
  since: string;
}

interface MarkerFile {
  about: string;
  /** By ledger location (a SQLite path relative to channels.yaml, or a postgres:// URL without password). */
  ledgers: Record<string, MarkerEntry>;
}

/** The marker file for the channels.yaml in `configDir`. */
export function markerPath(configDir: string): string {
  return join(configDir, MARKER_FILE);
}

/** `state:` as the marker names it: a path relative to channels.yaml, or the URL without its password. */
export function ledgerKey(state: string, configDir: string): string {
  if (/^postgres(ql)?:\/\//i.test(state)) {
    try {
      const url = new URL(state);
      url.password = '';
      return url.toString();
    } catch {
      return state.replace(/:[^:@/]*@/, '@');
    }
  }
  const rel = relative(configDir, state);
  return rel === '' || isAbsolute(rel) ? state : rel;
}

function read(configDir: string): MarkerFile | undefined {
  let text: string;
  try {
    text = readFileSync(markerPath(configDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<MarkerFile>;
    if (parsed && typeof parsed.ledgers === 'object' && parsed.ledgers !== null) return { about: '', ...parsed, ledgers: parsed.ledgers };
  } catch {
    // unreadable: as if there were none (the next send writes it again)
  }
  return undefined;
}

/** What the marker says about the ledger at `state`, if anything. */
export function expectedLedger(configDir: string, state: string): MarkerEntry | undefined {
  const entry = read(configDir)?.ledgers[ledgerKey(state, configDir)];
  return entry && typeof entry.id === 'string' && entry.id !== '' ? entry : undefined;
}

/**
 * Records that the ledger at `state` has `id`. Written whole to a temporary file and renamed,
 * so a crash never leaves half a marker. Returns an error message instead of throwing: a
 * directory that cannot be written must not stop a send.
 */
export function recordLedger(configDir: string, state: string, id: string, now = new Date()): string | undefined {
  const marker = read(configDir) ?? { about: '', ledgers: {} };
  marker.about = 'Written by publish: which ledger this newsroom uses, so a lost or replaced one is noticed. Keep it; back up the ledger.';
  marker.ledgers[ledgerKey(state, configDir)] = { id, since: now.toISOString() };
  const file = markerPath(configDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o644 });
    renameSync(temp, file);
    return undefined;
  } catch (error) {
    return `${file} could not be written (${(error as Error).message}): a lost ledger would not be noticed`;
  }
}

/** A new ledger id. */
export function newLedgerId(): string {
  return randomUUID();
}
