/**
 * JUnit XML of a run's results (`--format junit`), for GitLab, Jenkins and other CI that
 * show test reports: one test suite per story, one test case per story × channel, a
 * failure for each error (a broken platform rule, a failed send), a skipped case for a
 * channel that does not take the story; warnings go to the case's system-out. Pure.
 */
import type { ArticleResult, ChannelCheck } from '../engine/result.js';

/** Text or an attribute value in XML: markup escaped, and characters XML 1.0 cannot hold removed. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${xmlText(String(v))}"`).join('');
}

interface Case {
  name: string;
  classname: string;
  file: string;
  failures: { type: string; message: string; text: string }[];
  skipped?: string;
  out: string[];
}

function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failures.length > 0).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const body = cases.map((c) => {
    const inner = [
      ...(c.skipped !== undefined ? [`      <skipped${attrs({ message: c.skipped })}/>`] : []),
      ...c.failures.map((f) => `      <failure${attrs({ type: f.type, message: f.message })}>${xmlText(f.text)}</failure>`),
      ...(c.out.length > 0 ? [`      <system-out>${xmlText(c.out.join('\n'))}</system-out>`] : []),
    ];
    const open = `    <testcase${attrs({ name: c.name, classname: c.classname, file: c.file, time: 0 })}`;
    return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
  });
  return `  <testsuite${attrs({ name, tests: cases.length, failures, errors: 0, skipped, time: 0 })}>\n${body.join('\n')}${body.length ? '\n' : ''}  </testsuite>`;
}

/** The cases of one story: one per channel. */
function articleCases(article: ArticleResult): Case[] {
  return article.results.map((r) => {
    const c: Case = { name: r.channel, classname: article.source, file: article.source, failures: [], out: [] };
    for (const p of r.problems) {
      const at = p.source ? `${p.source.file}:${p.source.line}:${p.source.column}` : article.source;
      if (p.severity === 'error') c.failures.push({ type: p.code, message: p.message, text: `${at}: ${p.code}: ${p.message}` });
      else c.out.push(`${at}: warning ${p.code}: ${p.message}`);
    }
    if (r.status === 'failed') c.failures.push({ type: r.error?.code ?? 'failed', message: r.error?.message ?? 'failed', text: r.error?.message ?? 'failed' });
    if (r.status === 'skipped') c.skipped = r.reason ?? 'skipped';
    return c;
  });
}

/**
 * The whole report: `<testsuites>` with a suite per story (and, for `publish check`, a
 * suite for channels.yaml with a case per channel).
 */
export function junitXml(articles: readonly ArticleResult[], check?: { config: string; channels: readonly ChannelCheck[] }): string {
  const suites: [string, Case[]][] = [];
  if (check) {
    suites.push([check.config, check.channels.map((ch) => ({
      name: ch.channel,
      classname: check.config,
      file: check.config,
      failures: ch.ok ? [] : [{ type: 'channel', message: ch.message, text: ch.message }],
      out: ch.ok ? [ch.message] : [],
    }))]);
  }
  for (const a of articles) suites.push([a.source, articleCases(a)]);
  const all = suites.flatMap(([, cases]) => cases);
  const head = attrs({
    name: 'publish',
    tests: all.length,
    failures: all.filter((c) => c.failures.length > 0).length,
    errors: 0,
    skipped: all.filter((c) => c.skipped !== undefined).length,
    time: 0,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${suites.map(([name, cases]) => suite(name, cases)).join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
