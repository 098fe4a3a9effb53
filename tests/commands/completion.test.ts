/**
 * `publish completion bash|zsh|fish`: each script is valid for its shell (`bash -n`,
 * `zsh -n`, `fish -n`; .ci/run installs zsh and fish), names every command and every flag
 * that `--help` shows, and completes as expected when the shell runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/inprocess.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'publish-completion-'));
const scripts: Record<string, string> = {};
let commands: string[] = [];
const flagsOf: Record<string, string[]> = {};

/** The long flags a help text lists under Options. */
function helpFlags(help: string): string[] {
  const options = help.split(/\n(?=[A-Z][a-z]+:)/).find((s) => s.startsWith('Options:')) ?? '';
  return [...options.matchAll(/(?:^|\s|,)(--[a-z][a-z-]*)/g)].map((m) => m[1]!).filter((f, i, all) => all.indexOf(f) === i);
}

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runInProcess(['completion', shell], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    scripts[shell] = run.stdout;
    writeFileSync(join(dir, `publish.${shell}`), run.stdout);
  }
  const help = (await runInProcess(['--help'], { cwd: dir })).stdout;
  const section = help.split('Commands:\n')[1]!.split('\n\n')[0]!;
  commands = [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  flagsOf[''] = helpFlags(help);
  for (const c of commands) flagsOf[c] = helpFlags((await runInProcess([c, '--help'], { cwd: dir })).stdout);
});

describe('publish completion', () => {
  it('knows every command and flag --help shows', () => {
    expect(commands).toEqual(expect.arrayContaining(['run', 'status', 'check', 'preview', 'init', 'schema', 'completion', 'migrate']));
    for (const [shell, script] of Object.entries(scripts)) {
      for (const c of commands) expect(script, `${shell}: ${c}`).toMatch(new RegExp(`\\b${c}\\b`));
      for (const flags of Object.values(flagsOf)) {
        for (const flag of flags) {
          const written = shell === 'fish' ? `-l ${flag.slice(2)} ` : flag;
          expect(script, `${shell}: ${flag}`).toContain(written);
        }
      }
    }
    expect(flagsOf['']).toEqual(expect.arrayContaining(['--format', '--dry-run', '--channel']));
    expect(flagsOf.init).toEqual(expect.arrayContaining(['--ci', '--force']));
  });

  it('an unknown shell is a usage error', async () => {
    const run = await runInProcess(['completion', 'powershell'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such shell; use one of: bash, zsh, fish');
  });

  it('bash: valid (bash -n), and completes commands, flags and their values', () => {
    expect(spawnSync('bash', ['-n', join(dir, 'publish.bash')]).status).toBe(0);
    const complete = (...words: string[]) => {
      const script = `source ${JSON.stringify(join(dir, 'publish.bash'))}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _publish_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const out = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      return out.stdout.split('\n').filter(Boolean);
    };
    expect(complete('publish', 'ch')).toContain('check');
    expect(complete('publish', '--fo')).toEqual(['--format', '--force']);
    expect(complete('publish', '--format', 'j')).toEqual(['json', 'junit']);
    expect(complete('publish', 'run', '--l')).toEqual(['--limit']);
    expect(complete('publish', 'init', '--c')).toEqual(expect.arrayContaining(['--ci', '--config']));
    expect(complete('publish', 'init', '--ci', '')).toEqual(['github']);
    expect(complete('publish', 'publish.')).toEqual(expect.arrayContaining(['publish.bash', 'publish.zsh']));
  });

  it.skipIf(!has('zsh'))('zsh: valid (zsh -n)', () => {
    const out = spawnSync('zsh', ['-n', join(dir, 'publish.zsh')], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
  });

  it.skipIf(!has('fish'))('fish: valid (fish -n), and completes commands, flags and their values', () => {
    const n = spawnSync('fish', ['-n', join(dir, 'publish.fish')], { encoding: 'utf8' });
    expect(n.status, n.stderr).toBe(0);
    const complete = (line: string) => {
      const out = spawnSync('fish', ['--no-config', '-c', `source ${join(dir, 'publish.fish')}; complete -C ${JSON.stringify(line)}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir } });
      expect(out.status, out.stderr).toBe(0);
      return out.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    };
    expect(complete('publish ch')).toContain('check');
    expect(complete('publish --form')).toEqual(['--format']);
    expect(complete('publish --format j')).toEqual(['json', 'junit']);
    expect(complete('publish run --li')).toEqual(['--limit']);
  });
});
