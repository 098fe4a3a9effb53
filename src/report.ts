import { appendFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Measure } from './channels/types.js';
import type { ProgressEvent, Reporter } from './engine/context.js';
import type {
  ArticleResult, CancelResult, ChannelResult, CheckResult, CiInitResult, InitResult, LifecycleResult, MigrateResult, PreviewWritten, RetractResult, RunResult, StatusResult, TokenResult,
} from './engine/result.js';
import { NOT_RECORDED, OUTCOME_UNKNOWN } from './engine/result.js';
import { scrub, scrubDeep } from './scrub.js';

/** Where and how to print. The only module that writes to stdout/stderr. */
export interface ReportOptions {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The working directory: files in annotations are named from it (or from $GITHUB_WORKSPACE). */
  cwd?: string;
  json?: boolean;
  /** How results are printed. `json` is the same as `json: true`. @default 'human' */
  format?: OutputFormat;
  /** The CI formats' code (src/formats), loaded by src/cli.ts only for `github` and `junit`. */
  formats?: Formats;
  /** Redraw channel lines in place on a terminal. Off where several articles go at once (`publish run`). @default true */
  live?: boolean;
}

/** How the command that runs wants its output: set once its options are parsed. */
export type ReportMode = Pick<ReportOptions, 'json' | 'live' | 'format' | 'formats'>;

/** What `--format` takes: lines for people, one JSON document, GitHub workflow commands and job summary, or JUnit XML. */
export type OutputFormat = 'human' | 'json' | 'github' | 'junit';

/** The formats' module (src/formats/index.ts), as src/cli.ts hands it over. */
export type Formats = typeof import('./formats/index.js');

type Paint = (s: string) => string;

/**
 * Human or JSON output for every command. Everything printed is scrubbed of secrets.
 * src/cli.ts makes the one Report of a run; commands and the engine only see it as a
 * {@link Reporter} and return their results, which the methods below print.
 */
export class Report implements Reporter {
  private jsonMode = false;
  private format: OutputFormat = 'human';
  private formats: Formats | undefined;
  private readonly cwd: string;
  private readonly out: ReportOptions['stdout'];
  private readonly err: ReportOptions['stderr'];
  private readonly env: ReportOptions['env'];
  private readonly color: boolean;
  private readonly errColor: boolean;
  /** Redrawn channel lines on a terminal; undefined when stderr is not one (or with --json). */
  private board: LiveBoard | undefined;
  /** Plain mode: the last quarter (0–4) of each channel's upload already printed. */
  private readonly quarters = new Map<string, number>();

  constructor(opts: ReportOptions) {
    this.out = opts.stdout;
    this.err = opts.stderr;
    this.env = opts.env;
    this.cwd = opts.cwd ?? process.cwd();
    const noColor = 'NO_COLOR' in opts.env && opts.env.NO_COLOR !== '';
    const dumb = opts.env.TERM === 'dumb';
    this.color = !noColor && Boolean(opts.stdout.isTTY) && !dumb;
    this.errColor = !noColor && Boolean(opts.stderr.isTTY) && !dumb;
    this.configure(opts);
  }

  /** True with --json: stdout holds one JSON document, and notes and progress are silent. */
  get json(): boolean {
    return this.jsonMode;
  }

  /** Sets the output mode of the command about to run (before it prints anything). */
  configure(mode: ReportMode): void {
    this.format = mode.json ? 'json' : mode.format ?? 'human';
    this.jsonMode = this.format === 'json';
    this.formats = mode.formats;
    const dumb = this.env.TERM === 'dumb';
    this.board = undefined;
    if (!this.jsonMode && mode.live !== false && this.err.isTTY && !dumb) {
      const stderr = this.err as ReportOptions['stderr'] & { columns?: number };
      const paint = (code: number): Paint => (s) => (this.errColor ? `\u001b[${code}m${s}\u001b[0m` : s);
      this.board = new LiveBoard((text) => this.err.write(text), () => stderr.columns ?? 80, {
        green: paint(32), red: paint(31), yellow: paint(33), dim: paint(2), cyan: paint(36),
      });
    }
  }

  private paint(code: number): Paint {
    return (s) => (this.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  }

  /** Writes to stderr without tearing the live board: the board is lifted, the text written, the board redrawn. */
  private writeErr(text: string): void {
    if (this.board) this.board.around(() => this.err.write(text));
    else this.err.write(text);
  }
  private get green() { return this.paint(32); }
  private get red() { return this.paint(31); }
  private get yellow() { return this.paint(33); }
  private get dim() { return this.paint(2); }
  private get bold() { return this.paint(1); }

  /** A line of results on stdout. */
  line(text = ''): void {
    // On a terminal stdout and stderr share the screen: keep the live board below the text.
    if (this.board && this.out.isTTY) this.board.around(() => this.out.write(`${scrub(text)}\n`));
    else this.out.write(`${scrub(text)}\n`);
  }

  /** A line of progress or a note on stderr (silent with --json). */
  note(text: string): void {
    if (!this.json) this.writeErr(`${scrub(text)}\n`);
  }

  /**
   * The channels about to be sent, shown as "waiting" on a terminal until their first
   * progress event. Optional: a channel first heard of in `progress` gets its line then.
   */
  plan(channels: readonly string[]): void {
    if (this.json || !this.board) return;
    this.board.plan(channels);
  }

  /**
   * A channel's progress (sending, retrying, upload bytes, done with link, failed with reason)
   * on stderr; silent with --json. On a terminal each channel has one line that changes in
   * place; otherwise one plain line per event, uploads at most every quarter.
   */
  progress(channel: string, event: ProgressEvent): void {
    if (this.json) return;
    if (this.board) {
      this.board.update(channel, { ...event, note: event.note === undefined ? undefined : scrub(event.note) });
      return;
    }
    if (event.total) {
      const quarter = Math.floor(((event.done ?? 0) / event.total) * 4);
      const key = `${channel}\u0000${event.phase}`;
      const last = this.quarters.get(key);
      if (last !== undefined && quarter <= last) return;
      this.quarters.set(key, quarter);
    }
    const amount = event.total ? ` ${percent(event)}% of ${formatBytes(event.total)}` : '';
    // A reason reads as one ("failed: …"); a link or a size follows the phase after a space.
    const joiner = event.phase === 'failed' || event.phase === 'skipped' || event.phase === 'retrying' ? ': ' : ' ';
    this.err.write(`${scrub(`  ${channel}: ${event.phase}${amount}${event.note ? `${joiner}${event.note}` : ''}`)}\n`);
  }

  /** A warning on stderr, also with --json (stdout stays one document). */
  warn(text: string): void {
    this.writeErr(`${scrub(`warning: ${text}`)}\n`);
  }

  /** An error that stops the command: one line each, no stack. Under `--format github` also an annotation at its `file:line:col`. */
  error(text: string): void {
    if (this.format === 'github' && this.formats) {
      for (const line of text.split('\n')) {
        if (line === '') continue;
        // `channels.yaml:12:5 channels.tg.tokne: unknown key …`, `stories/x.md:3:1: …`, or no place at all.
        const at = /^(.+?):(\d+)(?::(\d+))?:? (.+)$/.exec(line);
        const annotation = at
          ? { level: 'error' as const, file: this.shown(at[1]!), line: Number(at[2]), ...(at[3] ? { col: Number(at[3]) } : {}), title: 'publish', message: at[4]! }
          : undefined;
        this.out.write(`${scrub(annotation ? this.ci.workflowCommand(annotation) : `::error title=publish::${line.replace(/%/g, '%25')}`)}\n`);
      }
    }
    this.writeErr(scrub(text).split('\n').map((line) => `error: ${line}\n`).join(''));
  }

  /** A stack trace on stderr, scrubbed (`PUBLISH_DEBUG=1` after an internal error). */
  trace(stack: string): void {
    this.writeErr(`${scrub(stack)}\n`);
  }

  /**
   * The one place a secret is printed, unscrubbed, on stdout: `publish token`, which the
   * user runs to back it up. Nothing else is written with it.
   */
  private secret(value: string): void {
    if (this.json) this.out.write(`${JSON.stringify({ token: value })}\n`);
    else this.out.write(`${value}\n`);
  }

  /** Prints any JSON document on stdout. */
  document(value: unknown): void {
    this.out.write(`${JSON.stringify(scrubDeep(value), null, 2)}\n`);
  }

  /** The CI formats' code: src/cli.ts loads it before a command that asked for one runs. */
  private get ci(): Formats {
    if (!this.formats) throw new Error(`--format ${this.format}: the formats were not loaded`);
    return this.formats;
  }

  /** A file as the repository names it: relative to $GITHUB_WORKSPACE (or the working directory) when inside it. */
  private shown = (file: string): string => {
    if (!isAbsolute(file)) return file.split(sep).join('/');
    const rel = relative(this.env.GITHUB_WORKSPACE || this.cwd, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
  };

  /** Writes workflow commands (annotations) on stdout, where the runner reads them. */
  private annotate(annotations: ReturnType<Formats['runAnnotations']>): void {
    for (const a of annotations) this.out.write(`${scrub(this.ci.workflowCommand(a))}\n`);
  }

  /** Appends Markdown to the job summary ($GITHUB_STEP_SUMMARY), when the runner gives one. */
  private stepSummary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (!file) return;
    try {
      appendFileSync(file, `${scrub(markdown)}\n`);
    } catch (error) {
      this.warn(`could not write the job summary to ${file}: ${(error as Error).message}`);
    }
  }

  /** `publish` / `publish run` results. */
  run(result: RunResult): void {
    if (this.format === 'junit') {
      this.out.write(scrub(this.ci.junitXml(result.articles)));
      this.unrecorded(result);
      return;
    }
    if (this.format === 'github') this.annotate(this.ci.runAnnotations(result.articles, this.shown));
    if (this.json) {
      this.document({
        ok: result.ok,
        dryRun: result.dryRun,
        ...(result.interrupted ? { interrupted: true } : {}),
        articles: result.articles.map((a) => ({ ...a, results: a.results.map(({ measures: _m, ...r }) => r) })),
      });
      this.unrecorded(result);
      return;
    }
    for (const article of result.articles) this.article(article, result.dryRun);
    this.summary(result);
    if (this.format === 'github') this.stepSummary(this.ci.jobSummary(result));
  }

  /**
   * `publish check`: each channel's line (`✓ telegram-en: bot @x can post in @news`, `✗ site: …
   * what to fix`), then each article's channels with their problems; or one JSON document.
   */
  check(result: CheckResult): void {
    if (this.format === 'junit') {
      this.out.write(scrub(this.ci.junitXml(result.articles, { config: result.config, channels: result.channels })));
      return;
    }
    if (this.format === 'github') {
      this.annotate([...this.ci.checkAnnotations(result.config, result.channels, this.shown), ...this.ci.runAnnotations(result.articles, this.shown)]);
    }
    if (this.json) {
      this.document({ ...result, articles: result.articles.map((a) => ({ ...a, results: a.results.map(({ measures: _m, ...r }) => r) })) });
      return;
    }
    for (const w of result.warnings) this.warn(w);
    this.line(`${this.bold(result.config)}  ${this.dim(result.online ? 'credentials asked online' : 'configuration (add --online to try each credential)')}`);
    for (const c of result.channels) {
      const mark = !c.ok ? this.red('✗') : c.checked || !result.online ? this.green('✓') : this.dim('–');
      this.line(`  ${mark} ${c.channel}: ${c.ok ? c.message : this.red(c.message)}`);
    }
    this.line();
    for (const a of result.articles) this.article(a, false);
    const failed = result.channels.filter((c) => !c.ok).length;
    const invalid = result.articles.filter((a) => a.results.some((r) => r.status === 'invalid')).length;
    const parts = [`${result.channels.length} channel${result.channels.length === 1 ? '' : 's'}${failed > 0 ? `, ${failed} failed` : ' ok'}`];
    if (result.articles.length > 0) parts.push(`${result.articles.length} article${result.articles.length === 1 ? '' : 's'}${invalid > 0 ? `, ${invalid} with problems` : ' ok'}`);
    this.note(`check: ${parts.join('; ')}`);
    if (this.format === 'github' && result.articles.length > 0) this.stepSummary(this.ci.jobSummary({ articles: result.articles, dryRun: true }, 'publish check'));
  }

  /** `publish preview`: the page's path on stdout (scripts can use it), a summary on stderr. */
  previewWritten(info: PreviewWritten): void {
    if (this.json) {
      this.document({ ok: info.ok, file: info.file });
      return;
    }
    this.line(info.file);
    const words: Record<string, string> = { valid: 'ready', invalid: 'with problems', skipped: 'skipped' };
    const parts = Object.entries(info.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${words[s] ?? s}`);
    this.note(`preview: ${parts.join(', ') || 'no channels'}${info.ok ? '' : ' (see the red boxes)'}`);
    if (info.opened === false) this.note(`no browser opener (xdg-open/open) found: open ${info.file} in your browser`);
  }

  /**
   * `publish status`: one line per post (newest state), then, for one article, its history as
   * a short timeline; `{posts, history}` with --json (history only for one article).
   */
  status(result: StatusResult): void {
    const { posts, history } = result;
    if (this.json) {
      this.document(history ? { posts, history } : { posts });
      return;
    }
    if (posts.length === 0 && !history?.length) {
      this.line(result.article ? `nothing recorded for ${result.article}` : 'nothing sent or scheduled yet');
      return;
    }
    for (const p of posts) {
      const where = p.remote?.url ?? p.remote?.id ?? '';
      const why = p.error ? `  ${p.error}` : '';
      const by = p.host ? `  (${p.host})` : '';
      this.line(`${p.at.replace('T', ' ').slice(0, 16)}Z  ${p.status.padEnd(9)}  ${p.article} → ${p.channel}  ${where}${why}${by}`.trimEnd());
    }
    if (!history?.length) return;
    this.line();
    this.line(`history of ${result.article ?? ''}:`);
    for (const h of history) {
      const what = h.outcome === 'ok' ? h.action : `${h.action} ${h.outcome}`;
      const hash = h.contentHash ? `  #${h.contentHash.slice(0, 8)}` : '';
      const detail = h.detail ? `  ${h.detail}` : '';
      this.line(`  ${h.at.replace('T', ' ').slice(0, 19)}Z  ${what.padEnd(14)}  ${h.channel}  ${h.host}${hash}${detail}`.trimEnd());
    }
  }

  /** `publish cancel`: the queued posts dropped, and each held post made a draft again (or why not). */
  cancelled(result: CancelResult): void {
    if (this.json) {
      this.document(result);
      return;
    }
    const id = result.channel === null ? result.article : `${result.article}:${result.channel}`;
    const n = result.cancelled;
    if (n > 0 || result.posts.length === 0) this.line(n > 0 ? `cancelled ${n} scheduled post${n === 1 ? '' : 's'} of ${id}` : `nothing scheduled for ${id}`);
    for (const p of result.posts) this.line(this.lifecycleLine(p));
  }

  /** `publish retract`: one line per channel: taken down, left to a person, or why not. */
  retracted(result: RetractResult): void {
    if (this.json) {
      this.document(result);
      return;
    }
    const id = result.channel === null ? result.article : `${result.article}:${result.channel}`;
    if (result.declined) {
      this.line(`nothing retracted: ${id} stays up`);
      return;
    }
    if (result.dryRun) this.line(`would retract ${id} (dry run: nothing was done):`);
    if (result.posts.length === 0) this.line(`nothing of ${id} to retract`);
    for (const p of result.posts) this.line(this.lifecycleLine(p));
  }

  private lifecycleLine(p: LifecycleResult): string {
    const where = p.remote?.url ?? p.remote?.id ?? '';
    switch (p.status) {
      case 'unscheduled': return `  ${this.green('✓')} ${p.channel}  un-scheduled: ${p.detail ?? ''}  ${where}`.trimEnd();
      case 'retracted': return `  ${this.green('✓')} ${p.channel}  retracted: ${p.detail ?? ''}${p.error ? `  ${this.red(p.error.message)}` : ''}`;
      case 'manual': return `  ${this.yellow('!')} ${p.channel}  manual: ${p.detail ?? ''}`;
      case 'planned': return `  ${this.dim('·')} ${p.channel}  would ${p.detail ?? ''}`;
      case 'unchanged': case 'skipped': return `  ${this.dim('=')} ${p.channel}  ${p.status}: ${p.reason ?? ''}  ${where}`.trimEnd();
      case 'failed': return `  ${this.red('✗')} ${p.channel}  failed: ${p.error?.message ?? ''}`;
    }
  }

  /** Asks a yes/no question on stderr and reads one line of `input`; only "y" or "yes" is yes. */
  async confirm(question: string, input: Readable): Promise<boolean> {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input, output: this.err, terminal: false });
    try {
      this.writeErr(scrub(question));
      const answer = await new Promise<string>((resolve) => {
        rl.once('line', resolve);
        rl.once('close', () => resolve(''));
      });
      return /^\s*y(es)?\s*$/i.test(answer);
    } finally {
      rl.close();
    }
  }

  /** `publish init`: the files written, and what to do next. */
  initWritten(result: InitResult | CiInitResult): void {
    if (this.json) {
      this.document({ ok: true, files: result.files });
      return;
    }
    if ('workflow' in result.shown) {
      this.line(`wrote ${result.shown.workflow}`);
      this.note('next: commit it. Each pull request that adds or changes a story under stories/ gets its problems on the story\'s lines,');
      this.note('a table of every channel\'s post in the job summary, and the preview pages as an artifact linked there.');
      return;
    }
    const { shown } = result as InitResult;
    this.line(`wrote ${shown.config} and ${shown.envExample}`);
    this.note('next:');
    this.note(`  1. edit ${shown.config}: your site's address, your Telegram channel, the channels you use`);
    this.note(`  2. cp ${shown.envExample} ${shown.env} and fill in the secrets`);
    this.note('  3. publish check --online, then publish preview story.md');
  }

  /** `publish token`: the newest token alone on stdout (the one secret ever printed), or why there is none. */
  token(result: TokenResult): void {
    if (result.newest === undefined) {
      this.note(`the ledger holds no ${result.key} for ${result.channel}: the one in channels.yaml is the newest`);
      return;
    }
    this.secret(result.newest);
    if (!result.onlyInLedger) this.note(`(channels.yaml already has this ${result.key})`);
  }

  /** `publish completion`: the script alone on stdout, for `source <(…)`. */
  completion(result: { script: string }): void {
    if (this.json) this.document(result);
    else this.out.write(result.script);
  }

  /** `publish migrate`: the schema version before and after. */
  migrated({ from, to }: MigrateResult): void {
    if (this.json) this.document({ from, to });
    else this.line(from === to ? `ledger schema is current (version ${to})` : `ledger schema upgraded from version ${from} to ${to}`);
  }

  private article(article: ArticleResult, dryRun: boolean): void {
    this.line(`${this.bold(article.id)}  ${this.dim(article.source)}`);
    if (article.dropped && article.dropped.length > 0) this.line(`  ${this.yellow(droppedWords(article.dropped))}`);
    if (article.linkPredicted) this.line(this.dim('  (the link is a stand-in: the website gives the real one when it publishes)'));
    const width = Math.max(...article.results.map((r) => `${r.channel} (${r.type})`.length), 10);
    for (const r of article.results) {
      const name = `${r.channel} (${r.type})`.padEnd(width);
      this.line(`  ${this.mark(r)} ${name}  ${this.statusWords(r)}`);
      // A post that went out and yet failed afterwards (the ledger could not record it).
      if (r.error && r.status !== 'failed') this.line(`      ${this.red(`error ${r.error.code}`)}: ${r.error.message}`);
      if (dryRun && r.output) this.output(r.output, r.measures ?? []);
      for (const p of r.problems) {
        const paint = p.severity === 'error' ? this.red : this.yellow;
        this.line(`      ${paint(`${p.severity} ${p.code}`)}: ${p.message}`);
      }
    }
    this.line();
  }

  private mark(r: ChannelResult): string {
    if (r.error?.code === OUTCOME_UNKNOWN) return this.yellow('?');
    if (r.error?.code === NOT_RECORDED) return this.yellow('!');
    switch (r.status) {
      case 'valid': case 'published': case 'updated': return this.green('✓');
      case 'unchanged': return this.green('=');
      case 'scheduled': return this.yellow('⏲');
      case 'skipped': return this.dim('–');
      default: return this.red('✗');
    }
  }

  private statusWords(r: ChannelResult): string {
    const sizes = (r.measures ?? []).map(measureWords).join(', ');
    switch (r.status) {
      case 'valid': case 'invalid': return `${r.status}${sizes ? `  ${this.dim(sizes)}` : ''}`;
      case 'skipped': case 'unchanged': return `${r.status}${r.reason ? `: ${r.reason}` : ''}${r.remote?.url ? `  ${r.remote.url}` : ''}`;
      case 'scheduled': return `scheduled for ${r.at ?? '?'}${r.reason ? ` (${r.reason})` : ''}${r.remote?.url ? `  ${r.remote.url}` : ''}`;
      case 'failed':
        // The post may be out: not a plain failure (its message says what to check).
        if (r.error?.code === OUTCOME_UNKNOWN) return this.yellow(r.error.message);
        return `${this.red('failed')}: ${r.error?.message ?? 'unknown error'}`;
      default: return `${r.status}  ${r.remote?.url ?? r.remote?.id ?? ''}`.trimEnd();
    }
  }

  /** The text fields of a payload, indented, so an editor sees what will go out. */
  private output(output: Record<string, unknown>, measures: Measure[]): void {
    for (const [key, value] of Object.entries(output)) {
      if (typeof value !== 'string' || value === '') continue;
      if (key === 'content' && value.length > 600) {
        this.line(this.dim(`      ${key}: ${value.length} characters`));
        continue;
      }
      const m = measures.find((x) => x.field === key);
      const head = `      ${key}${m ? ` (${measureWords(m)})` : ''}:`;
      if (!value.includes('\n') && value.length < 100) {
        this.line(`${this.dim(head)} ${value}`);
        continue;
      }
      this.line(this.dim(head));
      for (const l of value.split('\n')) this.line(`${this.dim('      │')} ${l}`);
    }
    const arrays = Object.entries(output).filter(([, v]) => Array.isArray(v));
    for (const [key, value] of arrays) this.line(`${this.dim(`      ${key}:`)} ${(value as unknown[]).join(', ')}`);
  }

  private summary(result: RunResult): void {
    const counts = new Map<string, number>();
    for (const a of result.articles) for (const r of a.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const parts = [...counts].map(([s, n]) => `${n} ${s}`);
    const head = result.dryRun ? 'dry-run' : 'done';
    this.note(`${head}: ${result.articles.length} article${result.articles.length === 1 ? '' : 's'}, ${parts.join(', ') || 'no channels'}`);
    if (!result.dryRun) {
      for (const a of result.articles) {
        for (const r of a.results) if (r.remote?.url && (r.status === 'published' || r.status === 'updated')) this.note(`  ${a.id} → ${r.channel}: ${r.remote.url}`);
      }
      this.unrecorded(result);
      if (result.interrupted) this.note('stopped by Ctrl-C: the posts on the wire finished and are recorded; the rest were not sent (run it again to send them)');
    }
  }

  /** Posts that went out but are not in the ledger: named on stderr, also with --json. */
  private unrecorded(result: RunResult): void {
    const lost = result.articles.flatMap((a) => a.results.filter((r) => r.error?.code === NOT_RECORDED).map((r) => `${a.id} → ${r.channel}${r.remote?.url ? ` ${r.remote.url}` : r.remote ? ` (id ${r.remote.id})` : ''}`));
    if (lost.length === 0) return;
    this.warn(`${lost.length} post${lost.length === 1 ? '' : 's'} went out but may be missing from the ledger (it failed while recording them): ${lost.join('; ')}. They stay "in flight", so a rerun asks or looks them up instead of posting blindly; fix the ledger (free disk space) before the next run.`);
  }
}

/** "dropped 3 paragraphs: donation appeal (line 3, line 5), photo caption (line 13)". */
export function droppedWords(dropped: readonly { line: number; reason: string }[]): string {
  const byReason = new Map<string, number[]>();
  for (const d of dropped) byReason.set(d.reason, [...(byReason.get(d.reason) ?? []), d.line]);
  const parts = [...byReason].map(([reason, lines]) => `${reason} (${lines.map((l) => `line ${l}`).join(', ')})`);
  return `dropped ${dropped.length} paragraph${dropped.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function percent(event: ProgressEvent): number {
  return event.total ? Math.min(100, Math.floor(((event.done ?? 0) / event.total) * 100)) : 0;
}

/** Where a channel's line stands. */
type LineState = 'waiting' | 'active' | 'done' | 'failed' | 'skipped';

interface BoardLine {
  channel: string;
  state: LineState;
  mark: string;
  words: string;
}

const DONE_MARKS: Record<string, string> = { published: '✓', updated: '✓', unchanged: '=', scheduled: '⏲' };

/**
 * One line per channel on a terminal, rewritten in place as it moves from waiting to
 * sending (or uploading, retrying) to done with its link, or failed with the reason.
 * Lines are cut to the terminal width so the cursor arithmetic holds.
 */
class LiveBoard {
  private readonly lines: BoardLine[] = [];
  private drawn = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly columns: () => number,
    private readonly paints: { green: Paint; red: Paint; yellow: Paint; dim: Paint; cyan: Paint },
  ) {}

  plan(channels: readonly string[]): void {
    for (const channel of channels) {
      if (!this.lines.some((l) => l.channel === channel && (l.state === 'waiting' || l.state === 'active'))) {
        this.lines.push({ channel, state: 'waiting', mark: '·', words: 'waiting' });
      }
    }
    this.redraw();
  }

  update(channel: string, event: ProgressEvent): void {
    let line = this.lines.find((l) => l.channel === channel && (l.state === 'waiting' || l.state === 'active'));
    if (!line) {
      line = { channel, state: 'waiting', mark: '·', words: 'waiting' };
      this.lines.push(line);
    }
    Object.assign(line, describe(event));
    this.redraw();
  }

  /** Lifts the board, runs `fn` (which writes ordinary text), and draws the board again below it. */
  around(fn: () => void): void {
    this.erase();
    fn();
    this.draw();
  }

  private erase(): void {
    if (this.drawn > 0) this.write(`\u001b[${this.drawn}A\r\u001b[0J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.erase();
    this.draw();
  }

  private draw(): void {
    if (this.lines.length === 0) return;
    const width = Math.max(...this.lines.map((l) => [...l.channel].length));
    const room = Math.max(20, this.columns() - 1);
    const p = this.paints;
    const paintMark = (l: BoardLine) =>
      l.state === 'done' ? p.green(l.mark) : l.state === 'failed' ? p.red(l.mark) : l.state === 'active' ? p.cyan(l.mark) : p.dim(l.mark);
    let text = '';
    for (const l of this.lines) {
      const rest = truncate(`${l.channel.padEnd(width)}  ${l.words}`, room - 4);
      const body = l.state === 'waiting' || l.state === 'skipped' ? p.dim(rest) : l.state === 'failed' ? p.red(rest) : rest;
      text += `  ${paintMark(l)} ${body}\n`;
    }
    this.write(text);
    this.drawn = this.lines.length;
  }
}

/** A progress event as a line's state, mark and words. */
function describe(event: ProgressEvent): Pick<BoardLine, 'state' | 'mark' | 'words'> {
  const note = event.note ? ` ${event.note}` : '';
  if (event.phase in DONE_MARKS) return { state: 'done', mark: DONE_MARKS[event.phase] ?? '✓', words: `${event.phase}${note ? ` ${note}` : ''}` };
  if (event.phase === 'failed') return { state: 'failed', mark: '✗', words: `failed:${note || ' unknown error'}` };
  if (event.phase === 'skipped') return { state: 'skipped', mark: '–', words: `skipped${note ? `:${note}` : ''}` };
  if (event.phase === 'waiting') return { state: 'waiting', mark: '·', words: 'waiting' };
  if (event.total) {
    const pct = percent(event);
    const filled = Math.round(pct / 100 * 16);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(16 - filled)}`;
    return { state: 'active', mark: '↑', words: `${event.phase} ${bar} ${pct}% of ${formatBytes(event.total)}${note}` };
  }
  return { state: 'active', mark: event.phase === 'retrying' ? '↻' : '…', words: `${event.phase}${note}` };
}

/** Cuts to `max` characters (code points), ending in "…". */
function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}

function measureWords(m: Measure): string {
  return `${m.field} ${m.used}/${m.limit} ${m.unit}`;
}
