import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Each test runs in a fresh temporary directory that is also the process's directory, so
 * files can be given as `channels.yaml` and messages read as users see them.
 */
export function useTempDir(): { dir: () => string; write: (name: string, text: string) => string } {
  let dir = '';
  let previous = '';
  beforeEach(() => {
    previous = process.cwd();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'publish-config-')));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(previous);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    write(name, text) {
      const file = join(dir, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
  };
}

/** The ConfigError's problems from a load that must fail. */
export async function problemsOf(load: Promise<unknown>): Promise<string[]> {
  try {
    await load;
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems;
    if (problems) return problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}
