/**
 * Where a path of a YAML document is: line and column (1-based) of its value,
 * or of its key when `key` is asked for (an unknown key). A path that does not
 * exist points at the deepest part that does.
 */
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { Path } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: Path, key = false): Position {
    let node: Node | null = this.doc.contents as Node | null;
    let best: Node | null = node;
    let keyNode: Node | null = null;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      keyNode = null;
      let next: Node | null = null;
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(seg)) {
            next = (pair.value as Node | null) ?? (pair.key as Node);
            keyNode = pair.key as Node;
            break;
          }
        }
      } else if (isSeq(node) && typeof seg === 'number') {
        next = (node.items[seg] as Node | undefined) ?? null;
      }
      if (!next) return this.at(best);
      node = next;
      best = next;
    }
    return this.at(key && keyNode ? keyNode : best);
  }

  private at(node: Node | null): Position {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

/** Whether plain data `obj` has `path`. */
export function hasPath(obj: unknown, path: Path): boolean {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !(String(seg) in (cur as object))) return false;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return true;
}
