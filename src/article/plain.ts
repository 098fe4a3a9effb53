import { escapeHtmlAttr } from '../text/escape.js';
import type { Segment } from './segment.js';

/**
 * Splits a plain-text export into paragraphs at blank lines; a single line break inside a
 * paragraph becomes a space. Each paragraph's HTML is one escaped `<p>`.
 */
export function plainSegments(text: string, firstLine = 1): Segment[] {
  const segments: Segment[] = [];
  let lines: string[] = [];
  let start = 0;
  const flush = (): void => {
    if (lines.length === 0) return;
    const paragraph = lines.join(' ');
    segments.push({ kind: 'paragraph', text: paragraph, html: `<p>${escapeHtmlAttr(paragraph)}</p>\n`, line: start, lines: lines.length });
    lines = [];
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return flush();
    if (lines.length === 0) start = i + firstLine;
    lines.push(line);
  });
  flush();
  return segments;
}
