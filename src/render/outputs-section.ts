/** "Changes to Outputs": each changed output as an attribute line, sensitive ones as `(sensitive value)`. */
import type { OutputChange } from '../plan/types.js';
import type { Palette } from './ansi.js';
import { DiffLines, keyWidth } from './diff-line.js';
import { diffContext, rootPath, ValueDiff } from './value-diff.js';
import { keyText, SENSITIVE_VALUE } from './value-text.js';

function outputLines(diff: ValueDiff, o: OutputChange, key: string, width: number): void {
  const path = rootPath(diff.ctx);
  if (o.sensitive) {
    if (o.action === 'create') return diff.out.add(0, '+', key, width, SENSITIVE_VALUE);
    if (o.action === 'delete') return diff.out.add(0, '-', key, width, `${SENSITIVE_VALUE} -> null`);
    return diff.out.add(0, '~', key, width, SENSITIVE_VALUE);
  }
  if (o.action === 'create') return diff.whole('+', key, width, o.after ?? null, 0, path);
  if (o.action === 'delete') return diff.whole('-', key, width, o.before ?? null, 0, path, '', ' -> null');
  diff.change(key, width, o.before, o.after, 0, path);
}

export function outputsSection(outputs: readonly OutputChange[], pal: Palette): string[] {
  const changed = outputs.filter((o) => o.action !== 'no-op');
  if (changed.length === 0) return [];
  const out = new DiffLines(pal);
  out.line(pal.bold('Changes to Outputs:'));
  const diff = new ValueDiff(out, diffContext());
  const keys = changed.map((o) => keyText(o.name));
  const width = keyWidth(keys);
  changed.forEach((o, i) => outputLines(diff, o, keys[i]!, width));
  return [out.text];
}
