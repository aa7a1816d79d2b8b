/** "Changes to Outputs": each changed output as an attribute line, sensitive ones as `(sensitive value)`. */
import type { OutputChange } from '../plan/types.js';
import type { Palette } from './ansi.js';
import { alignKeys, formatLines, line, type Line } from './diff-line.js';
import { changeLines, diffContext, wholeLines } from './value-diff.js';
import { keyText, SENSITIVE_VALUE } from './value-text.js';

function outputLines(o: OutputChange): Line[] {
  const key = keyText(o.name);
  const ctx = diffContext();
  if (o.sensitive) {
    if (o.action === 'create') return [line(0, '+', key, SENSITIVE_VALUE)];
    if (o.action === 'delete') return [line(0, '-', key, `${SENSITIVE_VALUE} -> null`)];
    return [line(0, '~', key, SENSITIVE_VALUE)];
  }
  if (o.action === 'create') return wholeLines('+', key, o.after ?? null, 0, [], ctx);
  if (o.action === 'delete') return wholeLines('-', key, o.before ?? null, 0, [], ctx, '', ' -> null');
  return changeLines(key, o.before, o.after, 0, [], ctx);
}

export function outputsSection(outputs: readonly OutputChange[], pal: Palette): string[] {
  const changed = outputs.filter((o) => o.action !== 'no-op');
  if (changed.length === 0) return [];
  return [pal.bold('Changes to Outputs:'), ...formatLines(alignKeys(changed.flatMap(outputLines), 0), pal)];
}
