import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { loadCommandConfig, readInputArticles } from '../engine/inputs.js';
import { dryRun } from '../engine/plan.js';
import type { PreviewWritten } from '../engine/result.js';
import { UsageError } from '../errors.js';
import { buildPreviewPage } from '../preview/page.js';

/** `publish preview` options. */
export interface PreviewOptions extends GlobalOptions {
  /** The article file (or - for stdin). */
  article?: string;
  /** Where to write the page, relative to the working directory. @default preview.html */
  out?: string;
  /** Open the page in the browser afterwards. */
  open?: boolean;
  /** Only these channels (`--channel`, when given before the command). */
  channel?: string[];
}

/**
 * `publish preview <article>`: writes one self-contained HTML page showing every channel's
 * post as its audience will see it (the exact dry-run payloads, their sizes and problems).
 * Not `ok` when a post breaks a platform rule (the page is still written).
 */
export async function previewCommand(opts: PreviewOptions, ctx: CommandContext): Promise<PreviewWritten> {
  const { io } = ctx;
  if (!opts.article) throw new UsageError('publish preview needs an article: publish preview stories/x.md');
  const config = await loadCommandConfig(opts.config, ctx);
  const [article] = await readInputArticles([opts.article], config, ctx);
  const now = new Date();
  const run = dryRun(config, article ? [article] : [], Array.isArray(opts.channel) ? opts.channel : [], now);
  const result = run.articles[0];
  if (!article || !result) throw new UsageError(`${opts.article}: nothing to preview`);

  const file = resolve(io.cwd, opts.out ?? 'preview.html');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, buildPreviewPage({ article, result, config, now }));

  const counts: Record<string, number> = {};
  for (const r of result.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const opened = opts.open ? openInBrowser(file, io.env) : undefined;
  return { file, ok: run.ok, counts, ...(opened === undefined ? {} : { opened }) };
}

/** The platform's "open with the default app" command, if it is on PATH. */
export function findOpener(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | undefined {
  const names = platform === 'darwin' ? ['open'] : platform === 'win32' ? [] : ['xdg-open'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Hands the page to the desktop's browser without waiting for it; false when there is no opener. */
function openInBrowser(file: string, env: Record<string, string | undefined>): boolean {
  const opener = findOpener(env);
  if (!opener) return false;
  const child = spawn(opener, [file], { detached: true, stdio: 'ignore', env: env as NodeJS.ProcessEnv });
  child.on('error', () => undefined);
  child.unref();
  return true;
}
