import { score, scoreCorpus, type Score } from '../tests/corpus/evaluate.js';
import type { Figure } from './util.js';

const pct = (x: number) => Number((x * 100).toFixed(1));

function figures(label: string, s: Score): Figure[] {
  const drops = `${s.boilerplate + s.captions - s.boilerplateLeaked.length - s.captionsLeaked.length + s.contentDropped.length} dropped`;
  return [
    {
      name: `cleaner precision, ${label}`,
      value: pct(s.precision),
      unit: '%',
      goal: '0 content paragraphs dropped',
      ok: s.contentDropped.length === 0,
      note: `${drops}, ${s.contentDropped.length} of ${s.content} content paragraphs among them`,
    },
    {
      name: `cleaner recall, ${label}`,
      value: pct(s.recall),
      unit: '%',
      goal: '0 boilerplate leaked',
      ok: s.boilerplateLeaked.length === 0,
      note: `${s.boilerplateLeaked.length} of ${s.boilerplate} boilerplate and ${s.captionsLeaked.length} of ${s.captions} captions kept`,
    },
    {
      name: `unmarked captions caught, ${label}`,
      value: pct(s.captionRecall),
      unit: '%',
      goal: '≥ 90 %',
      ok: s.captionRecall >= 0.9,
    },
  ];
}

/** Precision and recall of the cleaner on tests/corpus, over all of it and on its held-out half. */
export function cleaningCorpus(): Figure[] {
  const scored = scoreCorpus();
  return [...figures('corpus', score(scored)), ...figures('held-out half', score(scored.filter((s) => s.half === 'held-out')))];
}
