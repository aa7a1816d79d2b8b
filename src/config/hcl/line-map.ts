/**
 * Offsets → line and column (1-based; columns count UTF-16 code units, as the JSON parser's do). Lookups are
 * mostly in increasing order while a tree is built, so the last line found is tried first.
 */
import type { Position } from '../json-ast.js';

export class LineMap {
  private readonly starts: number[] = [0];
  private last = 0;

  constructor(text: string) {
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) this.starts.push(nl + 1);
  }

  line(offset: number): number {
    const s = this.starts;
    let i = this.last;
    if (s[i]! <= offset && (i + 1 >= s.length || s[i + 1]! > offset)) return i + 1;
    if (i + 2 < s.length && s[i + 1]! <= offset && s[i + 2]! > offset) i++;
    else {
      let lo = 0;
      let hi = s.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (s[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      i = lo;
    }
    this.last = i;
    return i + 1;
  }

  /** The offset where a line (1-based) starts. */
  lineStart(line: number): number {
    return this.starts[line - 1]!;
  }

  position(offset: number): Position {
    const line = this.line(offset);
    return { line, column: offset - this.starts[line - 1]! + 1 };
  }
}
