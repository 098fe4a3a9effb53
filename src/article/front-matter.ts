import { LineCounter, isMap, isNode, parseDocument, visit } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { articleError } from './located.js';
import type { Location } from './located.js';

/** At most this many copies an alias may make (yaml's default, named for the message). */
const MAX_ALIAS_COPIES = 100;

/** An article split at its front matter. */
export interface SplitArticle {
  /** The YAML between the `---` lines; undefined when there is no front matter. */
  yaml: string | undefined;
  /** File line (1-based) of the first YAML line. */
  yamlLine: number;
  /** Everything after the closing `---`. */
  body: string;
  /** File line (1-based) of the first body line. */
  bodyLine: number;
}

/**
 * Splits `---` front matter off the start of the text. The closing line is `---` (or
 * YAML's `...`); an opening line with no closing one is an error naming line 1.
 */
export function splitFrontMatter(source: string, text: string): SplitArticle {
  const lines = text.split('\n');
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return { yaml: undefined, yamlLine: 1, body: text, bodyLine: 1 };
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (close === -1) {
    throw articleError(
      source,
      'front matter opened with --- is never closed: add a line with only --- after the front matter',
      { line: 1 },
    );
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

/** Parsed front matter: the mapping's pairs and a way to place a node in the file. */
export interface FrontMatterDocument {
  /** Key/value pairs in file order (empty for empty front matter). */
  pairs: readonly Pair[];
  /** File location of a YAML source offset. */
  locate(offset: number | undefined): Location | undefined;
  /** The JavaScript value of a node (YAML timestamps become `Date`). */
  toJS(node: unknown): unknown;
}

/**
 * Parses front matter YAML with the `yaml` package. YAML errors and a top level that is
 * not a mapping are reported at their line and column in the article file.
 */
export function parseFrontMatterYaml(source: string, yaml: string, firstLine: number): FrontMatterDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false, customTags: ['timestamp'] });
  const locate = (offset: number | undefined): Location | undefined => {
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + firstLine - 1, col: pos.col };
  };
  const first = doc.errors[0];
  if (first !== undefined) {
    throw articleError(
      source,
      `front matter: ${first.message}; fix the YAML between the --- lines`,
      locate(first.pos[0]),
      first,
    );
  }
  const contents = doc.contents;
  if (contents === null) return { pairs: [], locate, toJS: () => undefined };
  if (!isMap(contents)) {
    throw articleError(
      source,
      'front matter must be a mapping of keys to values (title: …, tags: […]), not a list or a single value; fix the YAML between the --- lines',
      locate(contents.range?.[0]),
    );
  }
  const map = contents as YAMLMap;
  const toJS = (node: unknown): unknown => {
    if (!isNode(node)) return node;
    try {
      return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COPIES });
    } catch (error) {
      // An alias bomb (or an alias yaml cannot resolve): a problem at its first alias, not a crash.
      if (!(error instanceof ReferenceError)) throw error;
      let offset = node.range?.[0];
      visit(node, {
        Alias(_key, alias) {
          offset = alias.range?.[0] ?? offset;
          return visit.BREAK;
        },
      });
      const why = /excessive alias/i.test(error.message)
        ? `these aliases (*name) expand to too many copies (more than ${MAX_ALIAS_COPIES}); write the values out instead of nesting aliases`
        : error.message.split('\n')[0];
      throw articleError(source, `front matter: ${why}`, locate(offset), error);
    }
  };
  return { pairs: map.items as Pair[], locate, toJS };
}
