/**
 * The `resource "TYPE" "NAME" { … }` block of the human plan, for a planned change or a drift entry: which
 * attributes show (all of them on create and destroy; changed and identifying ones otherwise) is decided here.
 */
import type { ResourceChange } from '../plan/types.js';
import type { Values } from '../values.js';
import type { Marker } from './action-words.js';
import { ACTION_WORDS } from './action-words.js';
import type { DiffLines } from './diff-line.js';
import { quote } from './value-text.js';
import { diffContext, hiddenText, rootPath, ValueDiff, type DiffContext } from './value-diff.js';

/** Attributes shown even when unchanged, so a reader knows which key a change is about. */
export const IDENTIFYING: ReadonlySet<string> = new Set(['id', 'canonical', 'name']);

/** Writes `resource "TYPE" "NAME" {`, the body `writeBody` writes, and the closing brace. */
export function resourceBlock(out: DiffLines, marker: Marker, type: string, name: string, writeBody: () => void): void {
  out.add(0, marker, undefined, 0, `resource ${quote(type)} ${quote(name)} {`);
  writeBody();
  out.plain(0, '}');
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

const NOTHING_CHANGED: ReadonlySet<string> = new Set();

/** Writes the attribute lines of a resource body, with the `# (N unchanged attributes hidden)` line when some are left out. */
export function bodyLines(out: DiffLines, before: Values, after: Values, opts: BodyOptions): void {
  const pick = (v: Values): Values => (opts.only ? Object.fromEntries(Object.entries(v).filter(([k]) => opts.only!.has(k))) : v);
  const ctx = opts.ctx ?? diffContext();
  const hidden = new ValueDiff(out, ctx).object(pick(before), pick(after), 1, rootPath(ctx), {
    hideUnchanged: !opts.all,
    keep: IDENTIFYING,
    changed: opts.changed === undefined || opts.changed.length === 0 ? NOTHING_CHANGED : new Set(opts.changed),
    sensitive: opts.sensitive,
  });
  if (hidden > 0) out.plain(1, hiddenText(hidden, 'attribute'));
  const left = opts.only ? countLeftOut(before, after, opts.only) : 0;
  if (left > 0) out.plain(1, `# (${left} more attribute${left === 1 ? '' : 's'} hidden)`);
}

function countLeftOut(before: Values, after: Values, only: ReadonlySet<string>): number {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let n = 0;
  const present = (v: Values, k: string): boolean => Object.hasOwn(v, k) && v[k] !== null;
  for (const k of keys) if (!only.has(k) && (present(before, k) || present(after, k))) n++;
  return n;
}

/** Writes the block of a planned change (not a no-op). */
export function changeBlock(out: DiffLines, change: ResourceChange, sensitive: ReadonlySet<string>): void {
  const all = change.action === 'create' || change.action === 'delete';
  resourceBlock(out, ACTION_WORDS[change.action].symbol, change.type, change.name, () =>
    bodyLines(out, change.before ?? {}, change.after ?? {}, {
      changed: change.changedAttributes,
      sensitive,
      ctx: diffContext(change.replacePaths),
      all,
    }),
  );
}
