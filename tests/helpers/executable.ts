/**
 * Finds anything a browser could execute in HTML, reading it with parse5, the parser that
 * follows the HTML standard as browsers do (so markup that only looks harmless to a
 * regex, or to the sanitiser's own parser, is seen for what a browser makes of it).
 */
import { parse, parseFragment } from 'parse5';

interface Node {
  nodeName: string;
  tagName?: string;
  namespaceURI?: string;
  attrs?: { name: string; value: string; prefix?: string }[];
  childNodes?: Node[];
  content?: Node;
  parentNode?: Node | null;
}

const SCRIPTING_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'link', 'form', 'portal', 'svg', 'math', 'style', 'noscript', 'template', 'button', 'input', 'textarea', 'select', 'isindex']);
// Attributes whose value a browser may load or navigate to.
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'codebase', 'cite', 'ping', 'lowsrc', 'dynsrc', 'srcset', 'imagesrcset']);
// Attributes that may hold a URL among other things (SVG animation values, meta refresh).
const LOOSE_URL_ATTRIBUTES = new Set(['values', 'to', 'from', 'by', 'content']);
const IMAGE_DATA = /^data:image\/(png|jpe?g|gif|webp)[;,]/;
const SCRIPT_SCHEME = /^(javascript|vbscript|livescript):/;

/**
 * Why `url` could run code when followed, or undefined. Read as the URL standard reads it:
 * leading C0 controls and spaces dropped, tabs and newlines removed anywhere, then the scheme.
 */
function dangerousUrl(attribute: string, url: string, tag: string): string | undefined {
  const parts = attribute === 'srcset' || attribute === 'imagesrcset' ? url.split(',').map((p) => p.trim().split(/\s+/)[0] ?? '') : [url];
  for (const part of parts) {
    const plain = part.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '').toLowerCase();
    if (SCRIPT_SCHEME.test(plain)) return `${attribute}="${url}"`;
    if (plain.startsWith('data:') && !(tag === 'img' && IMAGE_DATA.test(plain))) return `${attribute}="${url}"`;
  }
  return undefined;
}

export interface ExecutableOptions {
  /** Elements allowed here (the preview page's own style, CSP meta and icons). */
  allow?: (node: { tag: string; attrs: Record<string, string>; path: string[] }) => boolean;
}

/** Everything executable in `html` (a fragment, or a whole document when it starts with <!doctype). */
export function findExecutable(html: string, opts: ExecutableOptions = {}): string[] {
  const root = (/^\s*<!doctype/i.test(html) ? parse(html) : parseFragment(html)) as unknown as Node;
  const found: string[] = [];
  const walk = (node: Node, path: string[]): void => {
    const tag = node.tagName?.toLowerCase();
    let here = path;
    if (tag !== undefined) {
      here = [...path, tag];
      const attrs = Object.fromEntries((node.attrs ?? []).map((a) => [(a.prefix ? `${a.prefix}:${a.name}` : a.name).toLowerCase(), a.value]));
      const allowed = opts.allow?.({ tag, attrs, path: here }) ?? false;
      if (!allowed) {
        if (SCRIPTING_ELEMENTS.has(tag)) found.push(`<${tag}> at ${here.join('>')}`);
        for (const [name, value] of Object.entries(attrs)) {
          if (name.startsWith('on')) found.push(`${name} on <${tag}>`);
          if (name === 'srcdoc') found.push(`srcdoc on <${tag}>`);
          if (name === 'style' && /expression\s*\(|javascript:|url\s*\(|@import|behavior\s*:/i.test(value)) found.push(`style="${value}" on <${tag}>`);
          if (URL_ATTRIBUTES.has(name)) {
            const why = dangerousUrl(name, value, tag);
            if (why) found.push(`${why} on <${tag}>`);
          }
          if (LOOSE_URL_ATTRIBUTES.has(name) && /(javascript|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) found.push(`${name}="${value}" on <${tag}>`);
          if (name === 'http-equiv' && /refresh/i.test(value)) found.push(`meta refresh`);
        }
      }
    }
    for (const child of node.childNodes ?? []) walk(child, here);
    if (node.content) walk(node.content, here);
  };
  walk(root, []);
  return found;
}
