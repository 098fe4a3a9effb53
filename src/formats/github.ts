/**
 * GitHub Actions output of a run's results (`--format github`): one workflow command per
 * problem, so each lands on its line in the pull request, and a Markdown job summary.
 * Pure: src/report.ts writes what these return.
 */
import type { Measure } from '../channels/types.js';
import type { ArticleResult, ChannelCheck, ChannelResult, RunResult } from '../engine/result.js';

/** A workflow command's message: `%`, CR and LF escaped, as the runner decodes them. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation goes and what it says. */
export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line?: number;
  col?: number;
  title: string;
  message: string;
}

/** `::error file=…,line=…,col=…,title=…::message`. */
export function workflowCommand(a: Annotation): string {
  const props = [`file=${escapeProperty(a.file)}`];
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.col !== undefined) props.push(`col=${a.col}`);
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

/**
 * Every problem of every channel as an annotation at its source, and every channel that
 * failed to send as an error on the article. `shown` names a file as the repository does.
 */
export function runAnnotations(articles: readonly ArticleResult[], shown: (file: string) => string): Annotation[] {
  const out: Annotation[] = [];
  for (const article of articles) {
    for (const r of article.results) {
      const title = `publish ${r.channel}`;
      for (const p of r.problems) {
        const source = p.source ?? { file: article.source, line: 1, column: 1 };
        out.push({ level: p.severity, file: shown(source.file), line: source.line, col: source.column, title, message: `${p.code}: ${p.message}` });
      }
      if (r.status === 'failed' && r.error) {
        out.push({ level: 'error', file: shown(article.source), title, message: `${r.error.code}: ${r.error.message}` });
      }
    }
  }
  return out;
}

/** `publish check`'s channels that cannot send as configured, as errors on channels.yaml. */
export function checkAnnotations(config: string, channels: readonly ChannelCheck[], shown: (file: string) => string): Annotation[] {
  return channels.filter((c) => !c.ok).map((c) => ({
    level: 'error',
    file: shown(c.source?.file ?? config),
    ...(c.source ? { line: c.source.line, col: c.source.column } : {}),
    title: `publish check ${c.channel}`,
    message: c.message,
  }));
}

/** A table cell: no pipe, line break or markup from a story's text can change the table. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const VERDICTS: Record<string, string> = {
  valid: '✅ valid', invalid: '❌ invalid', published: '✅ published', updated: '✅ updated', unchanged: '✅ unchanged',
  scheduled: '⏲️ scheduled', skipped: '➖ skipped', failed: '❌ failed',
};

function sizes(measures: readonly Measure[] | undefined): string {
  return (measures ?? []).map((m) => `${m.field} ${m.used}/${m.limit}${m.used > m.limit ? ' ⚠️' : ''}`).join(', ');
}

function why(r: ChannelResult): string {
  if (r.status === 'failed') return r.error?.message ?? '';
  if (r.status === 'skipped' || r.status === 'unchanged') return r.reason ?? '';
  const errors = r.problems.filter((p) => p.severity === 'error');
  const shown = errors.length > 0 ? errors : r.problems;
  return shown.map((p) => `${p.code}${p.source ? ` (line ${p.source.line})` : ''}`).join(', ');
}

/** The job summary: a heading with the counts, and a table of story × channel × verdict with sizes against limits. */
export function jobSummary(result: Pick<RunResult, 'articles' | 'dryRun'>, heading = result.dryRun ? 'publish dry-run' : 'publish'): string {
  const counts = new Map<string, number>();
  for (const a of result.articles) for (const r of a.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const n = result.articles.length;
  const lines = [
    `### ${heading}: ${n} ${n === 1 ? 'story' : 'stories'}${[...counts].map(([s, k]) => `, ${k} ${s}`).join('')}`,
    '',
  ];
  if (n === 0) return `${lines.join('\n')}\nNo stories to check.\n`;
  lines.push('| story | channel | verdict | sizes (used/limit) | problems |', '| --- | --- | --- | --- | --- |');
  for (const a of result.articles) {
    for (const r of a.results) {
      lines.push(`| ${cell(a.source)} | ${cell(r.channel)} | ${VERDICTS[r.status] ?? r.status} | ${cell(sizes(r.measures))} | ${cell(why(r))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
