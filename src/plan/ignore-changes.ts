/** lifecycle.ignore_changes: listed attributes keep the current object's value instead of the configuration's. */
import type { Values } from '../values.js';

export function applyIgnoreChanges(after: Values, current: Values, ignore: string[] | 'all', except: readonly string[] = []): Values {
  const names = ignore === 'all' ? Object.keys(current) : ignore;
  if (names.length === 0) return after;
  const out: Values = { ...after };
  for (const name of names) if (Object.hasOwn(current, name) && !except.includes(name)) out[name] = current[name]!;
  return out;
}
