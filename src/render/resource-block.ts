/**
 * The `resource "TYPE" "NAME" { … }` block of the human plan, for a planned change or a drift entry: which
 * attributes show (all of them on create and destroy; changed and identifying ones otherwise) is decided here.
 */
import type { ResourceChange } from '../plan/types.js';
import type { Values } from '../values.js';
import type { Marker } from './action-words.js';
import { ACTION_WORDS } from './action-words.js';
import { line, plain, type Line } from './diff-line.js';
import { quote } from './value-text.js';
import { diffContext, hiddenLine, objectDiff, type DiffContext } from './value-diff.js';

/** Attributes shown even when unchanged, so a reader knows which key a change is about. */
export const IDENTIFYING: ReadonlySet<string> = new Set(['id', 'canonical', 'name']);

export function resourceBlock(marker: Marker, type: string, name: string, body: Line[]): Line[] {
  return [line(0, marker, undefined, `resource ${quote(type)} ${quote(name)} {`), ...body, plain(0, '}')];
}

interface BodyOptions {
  changed?: readonly string[];
  sensitive: ReadonlySet<string>;
  ctx?: DiffContext;
  /** Show only these attributes (and count the rest as hidden). */
  only?: ReadonlySet<string>;
  /** Show every attribute (create, destroy) rather than the changed and identifying ones. */
  all: boolean;
}

/** The attribute lines of a resource body, with the `# (N unchanged attributes hidden)` line when some are left out. */
export function bodyLines(before: Values, after: Values, opts: BodyOptions): Line[] {
  const pick = (v: Values): Values => (opts.only ? Object.fromEntries(Object.entries(v).filter(([k]) => opts.only!.has(k))) : v);
  const { lines, hidden } = objectDiff(pick(before), pick(after), 1, [], opts.ctx ?? diffContext(), {
    hideUnchanged: !opts.all,
    keep: IDENTIFYING,
    changed: new Set(opts.changed ?? []),
    sensitive: opts.sensitive,
  });
  const out = hidden > 0 ? [...lines, hiddenLine(1, hidden, 'attribute')] : lines;
  const left = opts.only ? countLeftOut(before, after, opts.only) : 0;
  return left > 0 ? [...out, plain(1, `# (${left} more attribute${left === 1 ? '' : 's'} hidden)`)] : out;
}

function countLeftOut(before: Values, after: Values, only: ReadonlySet<string>): number {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let n = 0;
  const present = (v: Values, k: string): boolean => Object.hasOwn(v, k) && v[k] !== null;
  for (const k of keys) if (!only.has(k) && (present(before, k) || present(after, k))) n++;
  return n;
}

/** The block of a planned change (not a no-op). */
export function changeBlock(change: ResourceChange, sensitive: ReadonlySet<string>): Line[] {
  const words = ACTION_WORDS[change.action];
  const all = change.action === 'create' || change.action === 'delete';
  const body = bodyLines(change.before ?? {}, change.after ?? {}, {
    changed: change.changedAttributes,
    sensitive,
    ctx: diffContext(change.replacePaths),
    all,
  });
  return resourceBlock(words.symbol, change.type, change.name, body);
}
