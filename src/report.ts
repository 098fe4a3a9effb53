import type { Writable } from 'node:stream';
import type { Measure } from './channels/types.js';
import type { ArticleResult, ChannelResult, RunResult } from './result.js';
import { scrub, scrubDeep } from './secrets.js';

/** Where and how to print. The only module that writes to stdout/stderr. */
export interface ReportOptions {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  json?: boolean;
}

type Paint = (s: string) => string;

/** Human or JSON output for every command. Everything printed is scrubbed of secrets. */
export class Report {
  readonly json: boolean;
  private readonly out: ReportOptions['stdout'];
  private readonly err: ReportOptions['stderr'];
  private readonly color: boolean;

  constructor(opts: ReportOptions) {
    this.json = opts.json ?? false;
    this.out = opts.stdout;
    this.err = opts.stderr;
    this.color = !('NO_COLOR' in opts.env && opts.env.NO_COLOR !== '') && Boolean(opts.stdout.isTTY) && opts.env.TERM !== 'dumb';
  }

  private paint(code: number): Paint {
    return (s) => (this.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  }
  private get green() { return this.paint(32); }
  private get red() { return this.paint(31); }
  private get yellow() { return this.paint(33); }
  private get dim() { return this.paint(2); }
  private get bold() { return this.paint(1); }

  /** A line of results on stdout. */
  line(text = ''): void {
    this.out.write(`${scrub(text)}\n`);
  }

  /** A line of progress or a note on stderr (silent with --json). */
  note(text: string): void {
    if (!this.json) this.err.write(`${scrub(text)}\n`);
  }

  /** A channel's progress (sending, upload bytes, done with link) on stderr; silent with --json. */
  progress(channel: string, event: { phase: string; done?: number; total?: number; note?: string }): void {
    if (this.json) return;
    const amount = event.total ? ` ${Math.floor(((event.done ?? 0) / event.total) * 100)}% of ${formatBytes(event.total)}` : '';
    this.err.write(`${scrub(`  ${channel}: ${event.phase}${amount}${event.note ? ` ${event.note}` : ''}`)}\n`);
  }

  /** A warning on stderr, also with --json (stdout stays one document). */
  warn(text: string): void {
    this.err.write(`${scrub(`warning: ${text}`)}\n`);
  }

  /** An error that stops the command: one line each, no stack. */
  error(text: string): void {
    for (const line of scrub(text).split('\n')) this.err.write(`error: ${line}\n`);
  }

  /** Prints any JSON document on stdout. */
  document(value: unknown): void {
    this.out.write(`${JSON.stringify(scrubDeep(value), null, 2)}\n`);
  }

  /** `publish` / `publish run` results. */
  run(result: RunResult): void {
    if (this.json) {
      this.document({
        ok: result.ok,
        dryRun: result.dryRun,
        articles: result.articles.map((a) => ({ ...a, results: a.results.map(({ measures: _m, ...r }) => r) })),
      });
      return;
    }
    for (const article of result.articles) this.article(article, result.dryRun);
    this.summary(result);
  }

  private article(article: ArticleResult, dryRun: boolean): void {
    this.line(`${this.bold(article.id)}  ${this.dim(article.source)}`);
    if (article.linkPredicted) this.line(this.dim('  (the link is a stand-in: the website gives the real one when it publishes)'));
    const width = Math.max(...article.results.map((r) => `${r.channel} (${r.type})`.length), 10);
    for (const r of article.results) {
      const name = `${r.channel} (${r.type})`.padEnd(width);
      this.line(`  ${this.mark(r)} ${name}  ${this.statusWords(r)}`);
      if (dryRun && r.output) this.output(r.output, r.measures ?? []);
      for (const p of r.problems) {
        const paint = p.severity === 'error' ? this.red : this.yellow;
        this.line(`      ${paint(`${p.severity} ${p.code}`)}: ${p.message}`);
      }
    }
    this.line();
  }

  private mark(r: ChannelResult): string {
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
      case 'scheduled': return `scheduled for ${r.at ?? '?'}${r.reason ? ` (${r.reason})` : ''}`;
      case 'failed': return `${this.red('failed')}: ${r.error?.message ?? 'unknown error'}`;
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
    }
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}

function measureWords(m: Measure): string {
  return `${m.field} ${m.used}/${m.limit} ${m.unit}`;
}
