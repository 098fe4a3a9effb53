import type { Readable, Writable } from 'node:stream';

/** What every command gets from the outside world (tests pass their own). */
export interface Io {
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
}

/** A channel's progress event, as `DeliverContext.progress` and the send loop give it. */
export interface ProgressEvent {
  phase: string;
  done?: number;
  total?: number;
  note?: string;
}

/**
 * What a command and the engine may say while they work (src/report.ts implements it and is
 * the only module that prints). The command's result is returned, never printed here.
 */
export interface Reporter {
  /** A line of progress or a note on stderr (silent with --json). */
  note(text: string): void;
  /** A warning on stderr, also with --json. */
  warn(text: string): void;
  /** The channels about to be sent (a terminal shows them as "waiting"). */
  plan(channels: readonly string[]): void;
  /** One channel's progress: sending, retrying, upload bytes, done with its link, failed. */
  progress(channel: string, event: ProgressEvent): void;
  /** Asks a yes/no question on the terminal (stderr), reading the answer from `input`; true for yes. */
  confirm?(question: string, input: Readable): Promise<boolean>;
}

/** The second argument of every command: `(options, context) → result`. */
export interface CommandContext {
  io: Io;
  report: Reporter;
}

/** Reads all of stdin (for the `-` article). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
