import { Command, CommanderError } from 'commander';
import type { GlobalOptions, Io } from './commands/context.js';
import { Report } from './report.js';
import { UsageError } from './errors.js';
import type { RunResult } from './result.js';

const EXAMPLES = `
Examples:
  publish stories/istanbul-talks.md              send to every channel that takes it
  publish --dry-run stories/*.md                 show each channel's post and check every limit
  publish --dry-run --json stories/*.md          the same as one JSON document (for CI)
  publish stories/x.md --channel telegram-en     one channel only
  publish stories/x.md --at "2026-12-01 09:00"   schedule (local time in channels.yaml's timezone)
  publish run                                    send what is due (from cron, every minute)

Exit codes: 0 all good; 1 a channel failed or (dry-run) broke a rule, or a later failure
after something was sent; 2 the command could not run and nothing was sent; 130 Ctrl-C.
Secrets come from the environment or a .env file beside channels.yaml.`;

/** 130 after Ctrl-C (what was on the wire finished), else 0 or 1. */
function runExitCode(result: RunResult): number {
  return result.interrupted ? 130 : result.ok ? 0 : 1;
}

/**
 * Declares the commands and flags (commander only) and runs the chosen one.
 * Each action lazy-loads its command module, so a dry-run never loads a platform client.
 * Returns the exit code.
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const report = (opts: GlobalOptions) => new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env, json: opts.json });
  const program = new Command('publish');
  program
    .description('Write an article once; publish it to the website, Telegram, YouTube and TikTok.')
    .usage('[options] <article...> | <command> [options]')
    .argument('[article...]', 'article files (.md, .txt) or - for stdin')
    .option('-c, --config <file>', 'channels.yaml to use (default ./channels.yaml, or $PUBLISH_CONFIG)')
    .option('--json', 'print one JSON document on stdout')
    .option('--channel <name>', 'only this channel (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--dry-run', 'render and check only: no network, no ledger writes, no secrets needed')
    .option('--at <time>', 'schedule instead of sending now (ISO 8601, or local time in `timezone`)')
    .option('--update', 'edit posts already published (where the platform allows)')
    .option('--force', 'send again even though the ledger says it was sent')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .action(async (articles: string[], opts: GlobalOptions & Record<string, unknown>) => {
      if (articles.length === 0) {
        program.outputHelp();
        exitCode = 2;
        return;
      }
      const { publishCommand } = await import('./commands/publish.js');
      const result = await publishCommand({ ...opts, articles }, io);
      report(opts).run(result);
      exitCode = runExitCode(result);
    });

  const sub = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .option('-c, --config <file>', 'channels.yaml to use')
      .option('--json', 'print one JSON document on stdout')
      .exitOverride();
  const globals = (cmd: Command): GlobalOptions & Record<string, unknown> => cmd.optsWithGlobals();

  sub('run', 'send every scheduled post that is due (for cron; safe to overlap)')
    .option('--limit <n>', 'at most this many posts in this run', (v) => Number.parseInt(v, 10))
    .option('--concurrency <n>', 'articles sent at once (default 8)', (v) => Number.parseInt(v, 10))
    .addHelpText('after', '\nCrontab:  * * * * *  cd /srv/newsroom && publish run >> publish.log 2>&1')
    .action(async (_opts, cmd: Command) => {
      const o = globals(cmd);
      const { runCommand } = await import('./commands/run.js');
      const result = await runCommand(o, io);
      report(o).run(result);
      exitCode = runExitCode(result);
    });

  sub('status', 'what went where and when, with links; what is scheduled')
    .argument('[article]', 'an article id or file')
    .action(async (article: string | undefined, _opts, cmd: Command) => {
      const o = globals(cmd);
      const { statusCommand } = await import('./commands/status.js');
      exitCode = await statusCommand({ ...o, article }, io, report(o));
    });

  sub('cancel', 'drop scheduled posts: <article id> for all its channels, <article id>:<channel> for one')
    .argument('<id>', 'article id, or article id:channel')
    .action(async (id: string, _opts, cmd: Command) => {
      const o = globals(cmd);
      const { cancelCommand } = await import('./commands/cancel.js');
      exitCode = await cancelCommand({ ...o, id }, io, report(o));
    });

  sub('check', 'validate channels.yaml (and articles); --online also verifies each credential')
    .argument('[article...]', 'articles to validate too')
    .option('--online', 'ask each platform whether the credentials work and the target exists')
    .action(async (articles: string[], _opts, cmd: Command) => {
      const o = globals(cmd);
      const { checkCommand } = await import('./commands/check.js');
      exitCode = await checkCommand({ ...o, articles }, io, report(o));
    });

  sub('preview', 'one HTML page showing every channel\'s post as its audience sees it')
    .argument('<article>', 'the article')
    .option('-o, --out <file>', 'where to write the page', 'preview.html')
    .option('--open', 'open it in the browser')
    .action(async (article: string, _opts, cmd: Command) => {
      const o = globals(cmd);
      const { previewCommand } = await import('./commands/preview.js');
      exitCode = await previewCommand({ ...o, article }, io, report(o));
    });

  sub('init', 'write a commented starter channels.yaml and .env.example')
    .option('--force', 'overwrite existing files')
    .action(async (_opts, cmd: Command) => {
      const o = globals(cmd);
      const { initCommand } = await import('./commands/init.js');
      exitCode = await initCommand(o, io, report(o));
    });

  sub('token', "print the newest refresh token the ledger holds for a channel (TikTok rotates it): back it up")
    .argument('<channel>', 'the channel')
    .action(async (channel: string, _opts, cmd: Command) => {
      const o = globals(cmd);
      const { tokenCommand } = await import('./commands/token.js');
      exitCode = await tokenCommand({ ...o, channel }, io, report(o));
    });

  sub('migrate', 'create or upgrade the ledger schema (also done on first use)').action(async (_opts, cmd: Command) => {
    const o = globals(cmd);
    const { migrateCommand } = await import('./commands/migrate.js');
    exitCode = await migrateCommand(o, io, report(o));
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      // commander already printed its one-line message.
      throw new UsageError('');
    }
    throw error;
  }
  return exitCode;
}
