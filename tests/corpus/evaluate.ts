/**
 * Runs the cleaner over the labelled corpus (tests/corpus/manifest.json) the way `publish`
 * does (parseArticle with no `article:` settings) and scores every paragraph. Shared by the
 * corpus test and `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../src/article/parse.js';

/** The corpus folder (works from tests/ and from dist/bench/). */
export const CORPUS = fileURLToPath(new URL('.', import.meta.url)).replace(/dist\/bench\/$/, 'tests/corpus/');

export type Label = 'content' | 'boilerplate' | 'caption';

interface Manifest {
  documents: {
    file: string;
    language: string;
    half: 'tune' | 'held-out';
    paragraphs: { line: number; label: Label; reason?: string; starts: string }[];
  }[];
}

/** One labelled paragraph and what the cleaner did with it. */
export interface Scored {
  file: string;
  half: 'tune' | 'held-out';
  line: number;
  label: Label;
  /** The reason the manifest expects (boilerplate and captions). */
  expected: string | undefined;
  /** The reason the cleaner dropped it for; undefined when kept. */
  got: string | undefined;
  text: string;
}

/** Figures over a set of scored paragraphs. */
export interface Score {
  paragraphs: number;
  content: number;
  boilerplate: number;
  captions: number;
  /** Content paragraphs dropped (goal 0). */
  contentDropped: Scored[];
  /** Boilerplate paragraphs kept (goal 0). */
  boilerplateLeaked: Scored[];
  /** Captions kept (goal: at most 10 % of captions). */
  captionsLeaked: Scored[];
  /** Dropped for another reason than the manifest's. */
  wrongReason: Scored[];
  /** Of all dropped paragraphs, the share that were boilerplate or captions. */
  precision: number;
  /** Of all boilerplate and captions, the share dropped. */
  recall: number;
  /** Of the captions, the share dropped. */
  captionRecall: number;
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as Manifest;
}

/** Every labelled paragraph of the corpus, scored. Throws when the manifest and a file disagree. */
export function scoreCorpus(): Scored[] {
  const out: Scored[] = [];
  for (const doc of loadManifest().documents) {
    const text = readFileSync(join(CORPUS, doc.file), 'utf8');
    const article = parseArticle({ source: doc.file, text, dir: CORPUS }, { strip: [], defaultLanguage: undefined });
    const starts = paragraphStarts(text);
    const labelled = doc.paragraphs.map((p) => p.line);
    if (starts.join() !== labelled.join()) {
      throw new Error(`${doc.file}: paragraphs start on lines ${starts.join(',')} but the manifest labels ${labelled.join(',')}`);
    }
    const lines = text.split('\n');
    for (const p of doc.paragraphs) {
      const drop = article.dropped.find((d) => d.line === p.line);
      out.push({
        file: doc.file,
        half: doc.half,
        line: p.line,
        label: p.label,
        expected: p.reason,
        got: drop?.reason,
        text: lines[p.line - 1] ?? '',
      });
    }
  }
  return out;
}

export function score(scored: readonly Scored[]): Score {
  const dropped = scored.filter((s) => s.got !== undefined);
  const wanted = scored.filter((s) => s.label !== 'content');
  const captions = scored.filter((s) => s.label === 'caption');
  return {
    paragraphs: scored.length,
    content: scored.length - wanted.length,
    boilerplate: wanted.length - captions.length,
    captions: captions.length,
    contentDropped: scored.filter((s) => s.label === 'content' && s.got !== undefined),
    boilerplateLeaked: scored.filter((s) => s.label === 'boilerplate' && s.got === undefined),
    captionsLeaked: captions.filter((s) => s.got === undefined),
    wrongReason: scored.filter((s) => s.label !== 'content' && s.got !== undefined && s.got !== s.expected),
    precision: dropped.length === 0 ? 1 : dropped.filter((s) => s.label !== 'content').length / dropped.length,
    recall: wanted.length === 0 ? 1 : wanted.filter((s) => s.got !== undefined).length / wanted.length,
    captionRecall: captions.length === 0 ? 1 : captions.filter((s) => s.got !== undefined).length / captions.length,
  };
}

/** 1-based lines on which the plain export's paragraphs start. */
function paragraphStarts(text: string): number[] {
  const starts: number[] = [];
  let inside = false;
  text.split('\n').forEach((line, i) => {
    const blank = line.trim() === '';
    if (!blank && !inside) starts.push(i + 1);
    inside = !blank;
  });
  return starts;
}
