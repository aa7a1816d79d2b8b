/** Appends items one by one: `target.push(...items)` overflows the call stack for very large arrays. */
export function append<T>(target: T[], ...lists: ReadonlyArray<readonly T[]>): T[] {
  // Indexed loops: called per evaluated attribute, mostly with empty lists, where iterators would cost the most.
  for (let l = 0; l < lists.length; l++) {
    const items = lists[l]!;
    for (let i = 0; i < items.length; i++) target.push(items[i]!);
  }
  return target;
}
