/**
 * Bold, italics and strike-through written as styles, as Google Docs (classes in a `<style>`)
 * and LibreOffice (`style=` attributes) write them, turned into `<b>`, `<i>` and `<s>` so that
 * they survive Readability (which removes classes and styles) and reach the channels.
 */
import type { DomDocument, DomElement } from './dom.js';

interface Look {
  bold: boolean;
  italic: boolean;
  strike: boolean;
}

function lookOf(declarations: string): Look {
  return {
    bold: /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/i.test(declarations),
    italic: /font-style\s*:\s*(italic|oblique)\b/i.test(declarations),
    strike: /text-decoration(-line)?\s*:[^;]*line-through/i.test(declarations),
  };
}

/** The look of every class a style sheet gives one by a plain `.name { … }` rule. */
function classLooks(css: string): Map<string, Look> {
  const looks = new Map<string, Look>();
  for (const m of css.matchAll(/\.([A-Za-z_][\w-]*)\s*\{([^}]*)\}/g)) {
    const look = lookOf(m[2] ?? '');
    if (look.bold || look.italic || look.strike) looks.set(m[1]!, look);
  }
  return looks;
}

/** Wraps the content of every styled `<span>` in the `<b>`, `<i>`, `<s>` its style means. */
export function applyStyles(document: DomDocument, css: string): void {
  const looks = classLooks(css);
  const spans = looks.size > 0 ? document.querySelectorAll('span[class], span[style]') : document.querySelectorAll('span[style]');
  for (const span of Array.from(spans)) {
    const look = lookOf(span.getAttribute('style') ?? '');
    for (const name of (span.getAttribute('class') ?? '').split(/\s+/)) {
      const l = looks.get(name);
      if (l === undefined) continue;
      look.bold ||= l.bold;
      look.italic ||= l.italic;
      look.strike ||= l.strike;
    }
    const tags = [look.bold && 'b', look.italic && 'i', look.strike && 's'].filter((t): t is string => typeof t === 'string');
    if (tags.length === 0) continue;
    wrap(document, span, tags);
  }
}

function wrap(document: DomDocument, span: DomElement, tags: string[]): void {
  const outer = document.createElement(tags[0]!);
  let inner = outer;
  for (const tag of tags.slice(1)) inner = inner.appendChild(document.createElement(tag)) as DomElement;
  for (let child = span.firstChild; child !== null; child = span.firstChild) inner.appendChild(child);
  span.appendChild(outer);
}
