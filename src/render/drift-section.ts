/**
 * "Objects have changed outside of keyform": the drift between the last run's state and the live API, shown
 * before the planned actions (Terraform's "Note: Objects have changed outside of Terraform").
 */
import type { DriftEntry, DriftKind, PlanMode } from '../plan/types.js';
import type { Marker } from './action-words.js';
import type { Palette } from './ansi.js';
import { DiffLines } from './diff-line.js';
import { deposedLabel } from '../state/address.js';
import { addressParts } from './resource-address.js';
import { bodyLines, IDENTIFYING, resourceBlock } from './resource-block.js';
import { safeLine } from './safe-text.js';
import { wrap } from './wrap.js';

const HEADERS: Readonly<Record<DriftKind, string>> = {
  deleted: 'has been deleted',
  changed: 'has changed',
  replaced: 'has been replaced outside keyform',
  'interrupted-create': 'was created by an apply that was interrupted',
};

const MARKERS: Readonly<Record<DriftKind, Marker>> = { deleted: '-', changed: '~', replaced: '-/+', 'interrupted-create': '+' };

export const driftHeader = (kind: DriftKind): string => HEADERS[kind] ?? `has drifted (${kind})`;

function driftBody(out: DiffLines, entry: DriftEntry, sensitive: ReadonlySet<string>): void {
  const { type, name } = addressParts(entry.address);
  const marker = MARKERS[entry.kind] ?? '~';
  switch (entry.kind) {
    case 'deleted':
      return resourceBlock(out, marker, type, name, () => bodyLines(out, entry.before, {}, { sensitive, only: IDENTIFYING, all: true }));
    case 'interrupted-create': {
      const after = entry.after;
      if (!after) return;
      return resourceBlock(out, marker, type, name, () => bodyLines(out, {}, after, { sensitive, only: IDENTIFYING, all: true }));
    }
    default:
      return resourceBlock(out, marker, type, name, () => bodyLines(out, entry.before, entry.after ?? {}, { changed: entry.changedAttributes, sensitive, all: false }));
  }
}

/** A drift entry with its header, the plan's message and the changed attributes: one text of many lines. */
export function driftEntryText(entry: DriftEntry, sensitive: ReadonlySet<string>, pal: Palette): string {
  const out = new DiffLines(pal);
  out.line(pal.bold(`  # ${safeLine(deposedLabel(entry.address, entry.deposed))} ${driftHeader(entry.kind)}`));
  if (entry.message) out.line(`  # (${safeLine(entry.message)})`);
  driftBody(out, entry, sensitive);
  return out.text;
}

export function driftSection(drift: readonly DriftEntry[], mode: PlanMode, sensitiveOf: (address: string) => ReadonlySet<string>, pal: Palette, width: number): string[] {
  const intro = mode === 'refresh-only'
    ? 'keyform detected the following changes made outside of keyform since the last "keyform apply":'
    : 'keyform detected the following changes made outside of keyform since the last "keyform apply" which may affect this plan:';
  const outro = mode === 'refresh-only'
    ? 'This is a refresh-only plan, so keyform will not take any actions to undo these. If you were expecting these changes then you can apply this plan to record the updated values in the keyform state without changing any API keys.'
    : 'Unless you have made equivalent changes to your configuration, the following plan may include actions to undo or respond to these changes.';
  const out = [pal.bold('Note: Objects have changed outside of keyform'), '', ...wrap(intro, width)];
  for (const entry of drift) out.push('', driftEntryText(entry, sensitiveOf(entry.address), pal));
  out.push('', ...wrap(outro, width));
  return out;
}
