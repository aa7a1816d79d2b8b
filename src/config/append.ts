/** Appends items one by one: `target.push(...items)` overflows the call stack for very large arrays. */
export function append<T>(target: T[], ...lists: ReadonlyArray<readonly T[]>): T[] {
  for (const items of lists) for (const x of items) target.push(x);
  return target;
}
