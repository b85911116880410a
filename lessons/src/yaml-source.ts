// A lesson.yaml parsed with node positions, so any place in its data can be reported as line:column.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export type DataPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  /** The document as plain data (undefined when it has syntax errors). */
  data: unknown;
  syntaxErrors: { message: string; position: Position }[];
  /** Where the value at `path` starts, or its key with `at: 'key'`; the nearest existing parent when it is missing. */
  positionOf(path: DataPath, at?: 'key' | 'value'): Position;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = doc.errors.map((error) => ({ message: error.message, position: position(error.pos[0]) }));
  return {
    data: syntaxErrors.length ? undefined : doc.toJS(),
    syntaxErrors,
    positionOf: (path, at = 'value') => position(offsetOf(doc, path, at)),
  };
}

function offsetOf(doc: Document, path: DataPath, at: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
      if (!pair) break;
      if (i === path.length - 1 && at === 'key') return startOf(pair.key) ?? offset;
      // An empty value (`text:`) has no node: point at its key.
      node = pair.value;
      offset = startOf(node) ?? startOf(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = startOf(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function startOf(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
    const start: unknown = node.range[0];
    return typeof start === 'number' ? start : undefined;
  }
  return undefined;
}
