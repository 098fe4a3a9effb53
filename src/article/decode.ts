import { nulIndex, removeControls } from '../text/controls.js';
import { articleError } from './located.js';

/**
 * Turns an article's raw bytes into clean text: refuses binary data, invalid UTF-8 and NUL,
 * drops a UTF-8 byte-order mark and other control characters, turns CRLF and CR into LF and
 * normalises to NFC.
 * Refuses text that is empty or only whitespace.
 */
export function decodeArticleText(source: string, raw: string | Buffer): string {
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else {
    if (raw.includes(0)) {
      throw articleError(source, 'is a binary file (it contains NUL bytes): give a .md or .txt article');
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch (cause) {
      throw articleError(source, 'is not valid UTF-8 text: save the article as UTF-8', undefined, cause);
    }
  }
  const nul = nulIndex(text);
  if (nul >= 0) {
    throw articleError(source, 'contains a NUL character: remove it (a file full of them is binary or UTF-16: save the article as UTF-8 text)', {
      line: text.slice(0, nul).split(/\r\n?|\n/).length,
    });
  }
  if (text.length === 0) throw articleError(source, 'is empty: write the article or check the path');
  // Other control characters are removed (src/text/controls.ts says why).
  text = removeControls(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).normalize('NFC');
  if (text.trim() === '') {
    throw articleError(source, 'contains only whitespace: write the article or check the path');
  }
  return text;
}
