import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';

/** A path into the parsed file: mapping keys and list indexes. */
export type KeyPath = readonly (string | number)[];

/** 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/**
 * Finds where a path lives in the YAML source, so every problem can name its line:col.
 * `value` points at the value (a bad value); `key` at the key (an unknown key). A path that
 * does not exist (a required key left out) points at the key of its nearest existing parent.
 */
export class Locator {
  /** Each mapping's pairs by key, built on first use: a file with 60,000 channels must not be searched once per problem. */
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let byKey = this.index.get(map);
    if (byKey === undefined) {
      byKey = new Map();
      for (const pair of map.items as Pair[]) {
        const text = keyText(pair.key);
        if (text !== undefined && !byKey.has(text)) byKey.set(text, pair);
      }
      this.index.set(map, byKey);
    }
    return byKey.get(key);
  }

  /** Position of the value at `path`, or of the nearest existing parent's key. */
  value(path: KeyPath): Position {
    return this.find(path, 'value');
  }

  /** Position of the key that ends `path` (for a list item: the item itself). */
  key(path: KeyPath): Position {
    return this.find(path, 'key');
  }

  /** Position of a source offset. */
  offset(offset: number): Position {
    return this.lines.linePos(offset);
  }

  private find(path: KeyPath, want: 'key' | 'value'): Position {
    let node: unknown = this.doc.contents;
    // Where to point if the walk stops early: the key of the mapping we are in, else its start.
    let fallback: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(segment));
        if (!pair) break;
        const keyStart = rangeStart(pair.key) ?? fallback;
        if (last && (want === 'key' || isEmpty(pair.value))) return this.offset(keyStart);
        fallback = keyStart;
        node = pair.value;
        if (last) return this.offset(rangeStart(node) ?? keyStart);
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        const start = rangeStart(isPair(item) ? item.key : item);
        if (start === undefined) break;
        if (last) return this.offset(start);
        fallback = start;
        node = isPair(item) ? item.value : item;
      } else {
        break;
      }
    }
    return this.offset(fallback);
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** `key:` with nothing after it parses as a null scalar placed after the colon; point at the key. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (isScalar(value) && value.value === null);
}

/** `file:LINE:COL` for messages. */
export function where(file: string, position: Position): string {
  return `${file}:${position.line}:${position.col}`;
}

/** Dotted path for messages: `channels.site.url`, list items as `article.strip[1]`. */
export function dotted(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
