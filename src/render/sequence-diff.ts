/** A longest-common-subsequence diff of two lists: which elements stay, which go, which come. */

export type SequenceOp =
  | { kind: 'same'; before: number; after: number }
  | { kind: 'delete'; before: number }
  | { kind: 'insert'; after: number };

export function diffSequence<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): SequenceOp[] {
  // Common prefix and suffix first: most lists change in a few places.
  let start = 0;
  while (start < a.length && start < b.length && eq(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && eq(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  // lengths[i][j]: LCS length of a[start+i..endA) and b[start+j..endB).
  const lengths: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i]![j] = eq(a[start + i]!, b[start + j]!) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const ops: SequenceOp[] = [];
  for (let k = 0; k < start; k++) ops.push({ kind: 'same', before: k, after: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && eq(a[start + i]!, b[start + j]!)) {
      ops.push({ kind: 'same', before: start + i, after: start + j });
      i++;
      j++;
    } else if (j < m && (i >= n || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      ops.push({ kind: 'insert', after: start + j });
      j++;
    } else {
      ops.push({ kind: 'delete', before: start + i });
      i++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: 'same', before: endA + k, after: endB + k });
  return ops;
}
