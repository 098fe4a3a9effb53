import { Command, CommanderError, Option } from 'commander';
import type { CliSpec, CommandSpec, CompletionOptions } from './commands/completion.js';
import type { CommandContext, GlobalOptions, Io } from './engine/context.js';
import type { RunResult } from './engine/result.js';
import { UsageError } from './errors.js';
import { Report, type OutputFormat } from './report.js';
import { VERSION } from './version.js';

const EXAMPLES = `
Examples:
  publish stories/istanbul-talks.md              send to every channel that takes it
  publish --dry-run stories/*.md                 show each channel's post and check every limit
  publish --dry-run --json stories/*.md          the same as one JSON document (for CI)
  publish stories/x.md --channel telegram-en     one channel only
  publish stories/x.md --at "2026-12-01 09:00"   schedule (local time in channels.yaml's timezone)
  publish run                                    send what is due (from cron, every minute)
  publish cancel istanbul-talks                  stop it: nothing of it goes out later
  publish retract istanbul-talks                 take it down everywhere (asks first)

Exit codes: 0 all good; 1 a channel failed or (dry-run) broke a rule, or a later failure
after something was sent; 2 the command could not run and nothing was sent; 130 Ctrl-C.
Secrets come from the environment or a .env file beside channels.yaml.`;

/** 130 after Ctrl-C (what was on the wire finished), else 0 or 1. */
function runExitCode(result: RunResult): number {
  return result.interrupted ? 130 : result.ok ? 0 : 1;
}

/** The one Report of a run: every command's output and main's error lines go through it. */
export function createReport(io: Io): Report {
  return new Report({ stdout: io.stdout, stderr: io.stderr, env: io.env, cwd: io.cwd });
}

/** What `--format` takes. */
const FORMATS: OutputFormat[] = ['human', 'json', 'github', 'junit'];

/** `--format`, with `--json` its short form; GitHub Actions gets annotations unless told otherwise. */
function outputFormat(opts: { json?: unknown; format?: unknown }, env: Io['env']): OutputFormat {
  const format = opts.format as OutputFormat | undefined;
  if (opts.json && format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two outputs: use one`);
  if (opts.json) return 'json';
  return format ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'human');
}

/** `--format <format>`: how results are printed (publish, run, check). */
const formatOption = (): Option =>
  new Option('--format <format>', 'how results are printed; github: annotations on the story\'s lines + a job summary (the default under GitHub Actions); json = --json').choices(FORMATS);

/** Argument names that are files (articles): completed with file names. */
const FILE_ARGUMENTS = new Set(['article', 'articles']);

/** One command's flags and arguments, as completion scripts need them (commander's own definitions). */
function describeCommand(cmd: Command): CommandSpec {
  return {
    name: cmd.name(),
    description: cmd.description(),
    options: cmd.options.filter((o) => o.long !== undefined && !o.hidden).map((o) => ({
      long: o.long!,
      ...(o.short ? { short: o.short } : {}),
      description: o.description,
      takesValue: o.required || o.optional,
      ...(o.argChoices ? { choices: o.argChoices } : {}),
      ...(/<file>/.test(o.flags) ? { file: true } : {}),
    })),
    files: cmd.registeredArguments.some((a) => FILE_ARGUMENTS.has(a.name())),
  };
}

/** The whole command line, walked from commander's definitions (`publish completion`). */
export function describeCli(program: Command): CliSpec {
  return { name: program.name(), root: describeCommand(program), commands: program.commands.map(describeCommand) };
}

/** A command module's entry: `(options, context) → result`. */
type CommandFn<R> = (opts: never, ctx: CommandContext) => Promise<R>;

/** How the command line runs one command: its module (lazy), how its result is shown, its exit code. */
interface Runner<R> {
  load: () => Promise<CommandFn<R>>;
  show: (report: Report, result: R) => void;
  exit: (result: R) => number;
  /** Redraw channel lines in place (off where several articles go at once). @default true */
  live?: boolean;
}

/** A positional argument: how commander shows it, what it means, and the option it fills. */
type Positional = [spec: string, description: string, key: string];

/**
 * Declares the commands and flags (commander only) and runs the chosen one. Each action
 * lazy-loads its command module, so a dry-run never loads a platform client; the command
 * returns its result and the Report prints it. Returns the exit code.
 */
export async function runCli(argv: string[], io: Io, report: Report = createReport(io)): Promise<number> {
  let exitCode = 0;
  const context: CommandContext = { io, report };

  /** Runs `runner` with the options commander parsed (positional ones under their keys). */
  async function run<R>(runner: Runner<R>, opts: GlobalOptions & Record<string, unknown>): Promise<void> {
    const format = outputFormat(opts, io.env);
    // The CI formats are loaded only when asked for: a dry-run's start-up does not pay for them.
    const formats = format === 'github' || format === 'junit' ? await import('./formats/index.js') : undefined;
    report.configure({ format, formats, live: runner.live ?? true });
    const command = await runner.load();
    const result = await command(opts as never, context);
    runner.show(report, result);
    exitCode = runner.exit(result);
  }

  const publish: Runner<RunResult> = {
    load: async () => (await import('./commands/publish.js')).publishCommand,
    show: (r, result) => r.run(result),
    exit: runExitCode,
  };
  const program = new Command('publish');
  program
    .description('Write an article once; publish it to the website, Telegram, YouTube and TikTok.')
    .usage('[options] <article...> | <command> [options]')
    .version(VERSION, '-V, --version', 'print the version of publish')
    .argument('[article...]', 'articles: .md, .txt, .html or .docx files, a story\'s https:// address, or - for stdin')
    .option('-c, --config <file>', 'channels.yaml to use (default ./channels.yaml, or $PUBLISH_CONFIG)')
    .option('--json', 'print one JSON document on stdout')
    .addOption(formatOption())
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
      await run(publish, { ...opts, articles });
    });

  /** A subcommand with -c and --json, its positional arguments, and the runner its action calls. */
  const sub = <R>(name: string, description: string, positionals: Positional[], runner: Runner<R>): Command => {
    const cmd = program.command(name).description(description);
    for (const [spec, text] of positionals) cmd.argument(spec, text);
    return cmd
      .option('-c, --config <file>', 'channels.yaml to use')
      .option('--json', 'print one JSON document on stdout')
      .exitOverride()
      .action(async (...args: unknown[]) => {
        const command = args[args.length - 1] as Command;
        const named = Object.fromEntries(positionals.map(([, , key], i) => [key, command.processedArgs[i]]));
        await run(runner, { ...command.optsWithGlobals<GlobalOptions & Record<string, unknown>>(), ...named });
      });
  };

  sub('run', 'send every scheduled post that is due (for cron; safe to overlap)', [], {
    load: async () => (await import('./commands/run.js')).runCommand,
    show: (r, result) => r.run(result),
    exit: runExitCode,
    // Several articles go at once: plain progress lines, not one live line per channel.
    live: false,
  })
    .addOption(formatOption())
    .option('--limit <n>', 'at most this many posts in this run', (v) => Number.parseInt(v, 10))
    .option('--concurrency <n>', 'articles sent at once (default 8)', (v) => Number.parseInt(v, 10))
    .addHelpText('after', '\nCrontab:  * * * * *  cd /srv/newsroom && publish run >> publish.log 2>&1');

  sub('status', 'what went where and when, with links; what is scheduled', [['[article]', 'an article id or file', 'article']], {
    load: async () => (await import('./commands/status.js')).statusCommand,
    show: (r, result) => r.status(result),
    exit: () => 0,
  });

  sub('cancel', 'stop scheduled posts: drop queued ones, make a post the website holds (WordPress future) a draft again', [['<id>', 'article id, or article id:channel', 'id']], {
    load: async () => (await import('./commands/cancel.js')).cancelCommand,
    show: (r, result) => r.cancelled(result),
    // 1: a held post could not be made a draft, and may still go live.
    exit: (result) => (result.ok ? 0 : 1),
  });

  sub('retract', 'take a published article down: <article id> everywhere, <article id>:<channel> on one channel', [['<id>', 'article id, or article id:channel', 'id']], {
    load: async () => (await import('./commands/retract.js')).retractCommand,
    show: (r, result) => r.retracted(result),
    exit: (result) => (result.ok ? 0 : 1),
  })
    .option('--yes', 'do not ask (for scripts)')
    .option('--dry-run', 'show exactly what would be done; change nothing');

  sub('check', 'validate channels.yaml (and articles); --online also verifies each credential', [['[article...]', 'articles to validate too', 'articles']], {
    load: async () => (await import('./commands/check.js')).checkCommand,
    show: (r, result) => r.check(result),
    exit: (result) => (result.ok ? 0 : 1),
  })
    .addOption(formatOption())
    .option('--online', 'ask each platform whether the credentials work and the target exists');

  sub('preview', 'one HTML page showing every channel\'s post as its audience sees it', [['<article>', 'the article', 'article']], {
    load: async () => (await import('./commands/preview.js')).previewCommand,
    show: (r, result) => r.previewWritten(result),
    exit: (result) => (result.ok ? 0 : 1),
  })
    .option('-o, --out <file>', 'where to write the page', 'preview.html')
    .option('--open', 'open it in the browser');

  sub('init', 'write a commented starter channels.yaml and .env.example', [], {
    load: async () => (await import('./commands/init.js')).initCommand,
    show: (r, result) => r.initWritten(result),
    exit: () => 0,
  })
    .option('--force', 'overwrite existing files')
    .addOption(new Option('--ci <provider>', `write the CI workflow instead: github (${'.github/workflows/stories.yml'})`).choices(['github']));

  sub('token', 'print the newest refresh token the ledger holds for a channel (TikTok rotates it): back it up', [['<channel>', 'the channel', 'channel']], {
    load: async () => (await import('./commands/token.js')).tokenCommand,
    show: (r, result) => r.token(result),
    // None in the ledger: channels.yaml's is the newest, and there is nothing to back up.
    exit: (result) => (result.newest === undefined ? 1 : 0),
  });

  sub('schema', 'print the JSON Schema of channels.yaml (editors complete keys and flag typos with it)', [], {
    load: async () => (await import('./commands/schema.js')).schemaCommand,
    show: (r, result) => r.document(result),
    exit: () => 0,
  });

  sub('completion', 'print a shell completion script: bash, zsh or fish', [['<shell>', 'bash, zsh or fish', 'shell']], {
    load: async () => {
      const { completionCommand } = await import('./commands/completion.js');
      // Made from the definitions above, as they are when it runs: every command and flag.
      return (opts: Omit<CompletionOptions, 'spec'>, ctx: CommandContext) => completionCommand({ ...opts, spec: describeCli(program) }, ctx);
    },
    show: (r, result) => r.completion(result),
    exit: () => 0,
  }).addHelpText('after', '\nbash:  source <(publish completion bash)      zsh:  source <(publish completion zsh)\nfish:  publish completion fish | source');

  sub('migrate', 'create or upgrade the ledger schema (also done on first use)', [], {
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
    show: (r, result) => r.migrated(result),
    exit: () => 0,
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      // commander already printed its one-line message.
      throw new UsageError('');
    }
    throw error;
  }
  return exitCode;
}
