/**
 * Turns whatever SQLite (or the file system) throws into a one-line `LedgerError` that
 * says what to do. No raw stacks reach the editor; the original is kept as `cause`.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { LedgerError } from '../errors.js';

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The file is not SQLite, or its pages are broken. */
export function damagedLedger(file: string, detail: string, cause?: unknown): LedgerError {
  return new LedgerError(
    `${file} is not a publish ledger or is damaged (${detail}): move it aside; nothing was sent`,
    { cause },
  );
}

/** True when the file system holding `file` has (next to) no room left: SQLite then reports a plain I/O error. */
function diskIsFull(file: string): boolean {
  try {
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/** Maps an error from better-sqlite3 or node:fs about `file` to a `LedgerError`. */
export function toLedgerError(error: unknown, file: string, busyTimeoutMs: number): LedgerError {
  if (error instanceof LedgerError) return error;
  const code = errorCode(error);
  const detail = errorMessage(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return damagedLedger(file, detail, error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LedgerError(
      `${file} is locked by another process (waited ${busyTimeoutMs / 1000} s): ` +
        'another publish may still be running; try again when it has finished',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new LedgerError(`${file} cannot be written (${detail}): check its permissions`, {
      cause: error,
    });
  }
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && diskIsFull(file))) {
    return new LedgerError(`${file} cannot be written: the disk is full`, { cause: error });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new LedgerError(`${file} cannot be read or written (${detail}, ${code}): check the disk`, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') {
    return new LedgerError(`${file} cannot be opened (${detail}): check the path and its permissions`, {
      cause: error,
    });
  }
  if (error instanceof TypeError && /database connection is not open/.test(detail)) {
    return new LedgerError(`${file}: the ledger was used after it was closed`, { cause: error });
  }
  return new LedgerError(`${file}: ${detail}`, { cause: error });
}
