import { execFileSync } from 'node:child_process';
import { ROOT } from '../helpers/cli.js';

/** The CLI tests run the real bundled executable: build it once per test run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}
