/**
 * `--format junit`: one test suite per story, one test case per story × channel, a failure
 * per error. Parsed back with an XML parser and checked against what JUnit readers (GitLab,
 * Jenkins) require: counts that add up, a name and classname on every case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/formats/junit.js';
import { runInProcess } from '../helpers/inprocess.js';

interface Case { '@_name': string; '@_classname': string; failure?: { '@_type': string; '@_message': string; '#text': string }[]; skipped?: unknown[]; 'system-out'?: string[] }
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_skipped': string; testcase: Case[] }
interface Doc { testsuites: { '@_tests': string; '@_failures': string; '@_skipped': string; testsuite: Suite[] } }

function parse(xml: string): Doc {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'failure', 'skipped', 'system-out'].includes(name) }).parse(xml) as Doc;
}

/** What every JUnit reader relies on: counts equal to the cases, every case named. */
function expectWellFormed(doc: Doc): void {
  const suites = doc.testsuites.testsuite;
  const cases = suites.flatMap((s) => s.testcase ?? []);
  expect(Number(doc.testsuites['@_tests'])).toBe(cases.length);
  expect(Number(doc.testsuites['@_failures'])).toBe(cases.filter((c) => c.failure?.length).length);
  expect(Number(doc.testsuites['@_skipped'])).toBe(cases.filter((c) => c.skipped?.length).length);
  for (const s of suites) {
    expect(Number(s['@_tests'])).toBe((s.testcase ?? []).length);
    expect(Number(s['@_failures'])).toBe((s.testcase ?? []).filter((c) => c.failure?.length).length);
    for (const c of s.testcase ?? []) {
      expect(c['@_name']).not.toBe('');
      expect(c['@_classname']).toBe(s['@_name']);
    }
  }
}

describe('--format junit', () => {
  it('a dry-run of two stories: one case per story × channel, a failure per error, skipped channels skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publish-junit-'));
    writeFileSync(join(dir, 'channels.yaml'), 'timezone: UTC\nchannels:\n  telegram-en:\n    type: telegram\n    chat: "@news"\n    languages: [en]\n  hook:\n    type: webhook\n    url: https://hooks.example.org/x\n    max_length: 40\n');
    writeFileSync(join(dir, 'ok.md'), '---\ntitle: Short\nlanguage: en\n---\n\nBody.\n');
    writeFileSync(join(dir, 'bad.md'), '---\ntitle: A title much longer than forty characters <&> "quoted"\nlanguage: uk\nimage: ./gone.jpg\n---\n\nBody.\n');
    const run = await runInProcess(['--dry-run', '--format', 'junit', 'ok.md', 'bad.md'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = parse(run.stdout);
    expectWellFormed(doc);
    const [ok, bad] = doc.testsuites.testsuite;
    expect(ok!['@_name']).toBe('ok.md');
    expect(ok!.testcase.map((c) => [c['@_name'], c.failure?.length ?? 0])).toEqual([['telegram-en', 0], ['hook', 0]]);
    expect(bad!.testcase.map((c) => c['@_name'])).toEqual(['telegram-en', 'hook']);
    expect(bad!.testcase[0]!.skipped).toHaveLength(1);
    const failure = bad!.testcase[1]!.failure![0]!;
    expect(failure['@_type']).toBe('too_long');
    expect(failure['#text']).toBe(`${join(dir, 'channels.yaml')}:10:5: too_long: ${failure['@_message']}`);
  });

  it('markup, quotes and characters XML cannot hold in a message stay well-formed', () => {
    const xml = junitXml([{ id: 'x', source: 'a&b<c>.md', title: 't', results: [
      { channel: 'ch"1', type: 'telegram', status: 'invalid', problems: [{ severity: 'error', code: 'bad', message: 'a <b>&amp;</b> \u0001\u0007 "q" \uD800 ]]>' }] },
    ] }]);
    const doc = parse(xml);
    expectWellFormed(doc);
    const c = doc.testsuites.testsuite[0]!.testcase[0]!;
    expect(c['@_name']).toBe('ch"1');
    // Read back as written, less what XML cannot hold.
    expect(c.failure![0]!['#text']).toBe('a&b<c>.md: bad: a <b>&amp;</b>  "q"  ]]>');
  });
});
