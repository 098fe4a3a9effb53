/**
 * The cleaner on the labelled corpus (tests/corpus/manifest.json): no boilerplate paragraph
 * may leak, no content paragraph may be dropped, and at least 90 % of the unmarked photo
 * captions must go. `npm run bench` prints the same figures as precision and recall.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest, score, scoreCorpus, type Scored } from './evaluate.js';

const show = (list: Scored[]) => list.map((s) => `${s.file}:${s.line} (${s.expected ?? s.label} → ${s.got ?? 'kept'}) ${s.text.slice(0, 80)}`);

describe('the cleaning corpus', () => {
  const scored = scoreCorpus();
  const all = score(scored);

  it('has at least 40 exports in English, Ukrainian and Russian, every paragraph labelled', () => {
    const docs = loadManifest().documents;
    expect(docs.length).toBeGreaterThanOrEqual(40);
    expect(new Set(docs.map((d) => d.language))).toEqual(new Set(['en', 'uk', 'ru']));
    expect(all.paragraphs).toBe(docs.reduce((n, d) => n + d.paragraphs.length, 0));
    expect(all.content).toBeGreaterThan(200);
    expect(all.captions).toBeGreaterThanOrEqual(30);
  });

  it('drops no content paragraph', () => expect(show(all.contentDropped)).toEqual([]));

  it('leaks no boilerplate paragraph', () => expect(show(all.boilerplateLeaked)).toEqual([]));

  it('drops every boilerplate paragraph for the reason the manifest gives', () => expect(show(all.wrongReason)).toEqual([]));

  it('catches at least 90 % of the unmarked photo captions, on each half of the corpus', () => {
    expect(all.captionRecall, show(all.captionsLeaked).join('\n')).toBeGreaterThanOrEqual(0.9);
    for (const half of ['tune', 'held-out'] as const) {
      const part = score(scored.filter((s) => s.half === half));
      expect(part.contentDropped).toEqual([]);
      expect(part.boilerplateLeaked).toEqual([]);
      expect(part.captionRecall, half).toBeGreaterThanOrEqual(0.85);
    }
  });
});
