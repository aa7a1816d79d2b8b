/** Diagnostics in reading order: by file, then line; otherwise in the order they were found. */
import type { Diagnostic } from '../diagnostics.js';

export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  if (diags.length < 2) return diags.slice();
  return diags
    .map((d, i) => ({ d, i }))
    .sort((a, b) => compare(a.d.file ?? '', b.d.file ?? '') || (a.d.line ?? 0) - (b.d.line ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
