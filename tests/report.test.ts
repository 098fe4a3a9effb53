import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Report } from '../src/report.js';
import { clearSecrets, registerSecret } from '../src/scrub.js';

/** A stream that remembers what was written, and can claim to be a terminal. */
function stream(tty: boolean, columns = 80) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text: () => string };
  let written = '';
  s.on('data', (d: Buffer) => (written += d.toString()));
  s.isTTY = tty;
  s.columns = columns;
  s.text = () => written;
  return s;
}

afterEach(() => clearSecrets());

describe('progress', () => {
  it('prints plain lines off a terminal, uploads at most every quarter', () => {
    const err = stream(false);
    const r = new Report({ stdout: stream(false), stderr: err, env: {} });
    r.plan(['site', 'tiktok']);
    r.progress('site', { phase: 'sending' });
    for (let done = 0; done <= 100; done += 5) r.progress('tiktok', { phase: 'uploading', done: done * 1024 * 1024, total: 100 * 1024 * 1024 });
    r.progress('site', { phase: 'published', note: 'https://babel.example.org/x/' });
    r.progress('tiktok', { phase: 'failed', note: 'TikTok refused: too many posts today' });
    const lines = err.text().trimEnd().split('\n');
    expect(lines[0]).toBe('  site: sending');
    expect(lines.filter((l) => l.startsWith('  tiktok: uploading'))).toEqual([
      '  tiktok: uploading 0% of 100.0 MB',
      '  tiktok: uploading 25% of 100.0 MB',
      '  tiktok: uploading 50% of 100.0 MB',
      '  tiktok: uploading 75% of 100.0 MB',
      '  tiktok: uploading 100% of 100.0 MB',
    ]);
    expect(lines).toContain('  site: published https://babel.example.org/x/');
    expect(lines).toContain('  tiktok: failed: TikTok refused: too many posts today');
    expect(err.text()).not.toMatch(/\u001b\[/);
  });

  it('redraws one line per channel in place on a terminal', () => {
    const err = stream(true, 60);
    const r = new Report({ stdout: stream(true), stderr: err, env: { NO_COLOR: '1' } });
    r.plan(['site', 'telegram']);
    r.progress('site', { phase: 'sending' });
    r.progress('site', { phase: 'published', note: 'https://babel.example.org/a-very-long-slug-that-will-not-fit-in-sixty-columns/' });
    const text = err.text();
    expect(text).toContain('\u001b[2A'); // moved up over the two channel lines to redraw them
    const last = text.split('\u001b[0J').at(-1) ?? '';
    const lines = last.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}✓ site {6}published +https:\/\/babel/);
    expect(lines[0]!.length).toBeLessThanOrEqual(59);
    expect(lines[0]).toMatch(/…$/);
    expect(lines[1]).toMatch(/telegram {2}waiting/);
    expect(text).not.toMatch(/\u001b\[3\dm/); // NO_COLOR: cursor moves only, no colours
  });

  it('is silent with --json and scrubs secrets everywhere else', () => {
    registerSecret('very-secret-token-1');
    const err = stream(false);
    const quiet = new Report({ stdout: stream(false), stderr: err, env: {}, json: true });
    quiet.progress('site', { phase: 'sending' });
    expect(err.text()).toBe('');
    const loud = new Report({ stdout: stream(false), stderr: err, env: {} });
    loud.progress('tg', { phase: 'failed', note: 'https://api.telegram.org/bot123:very-secret-token-1/sendMessage said no' });
    loud.error('a very-secret-token-1 b');
    expect(err.text()).not.toContain('very-secret-token-1');
    expect(err.text()).toContain('***');
  });
});

describe('confirm (publish retract on a terminal)', () => {
  it('asks once on stderr; only y or yes is yes', async () => {
    for (const [answer, yes] of [['y\n', true], ['YES\n', true], ['\n', false], ['no\n', false], ['', false]] as const) {
      const err = stream(true);
      const out = stream(true);
      const r = new Report({ stdout: out, stderr: err, env: { NO_COLOR: '1' } });
      const input = new PassThrough();
      const asked = r.confirm('retract 2 posts? [y/N] ', input);
      input.end(answer);
      expect(await asked).toBe(yes);
      expect(err.text()).toBe('retract 2 posts? [y/N] ');
      expect(out.text()).toBe('');
    }
  });
});
