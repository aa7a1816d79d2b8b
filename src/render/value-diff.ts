/**
 * Turns a before/after pair of values into diff lines, Terraform-style: scalars as `"old" -> "new"`, lists and
 * objects opened as blocks with a marker per element or attribute, removed values ending in `-> null`, unchanged
 * list elements of objects hidden behind a count, and `# forces replacement` on the paths the plan names.
 * Pure formatting: which attributes changed and why comes from the plan.
 */
import { valuesEqual, type Value } from '../values.js';
import type { Marker } from './action-words.js';
import { alignKeys, line, plain, type Line } from './diff-line.js';
import { diffSequence } from './sequence-diff.js';
import { isBlock, isList, isObject, keyText, scalarText, sortedKeys, SENSITIVE_VALUE } from './value-text.js';

export const FORCES_REPLACEMENT = '# forces replacement';

export interface DiffContext {
  /** JSON of each attribute path that forces replacement, e.g. `["rules"]`. */
  replacePaths: ReadonlySet<string>;
}

/** The context of a change that forces no replacement (most of them): one for all. */
const NO_REPLACE: DiffContext = { replacePaths: new Set() };

export const diffContext = (replacePaths: readonly (readonly string[])[] = []): DiffContext =>
  replacePaths.length === 0 ? NO_REPLACE : { replacePaths: new Set(replacePaths.map((p) => JSON.stringify(p))) };

type Path = readonly string[];

const noteAt = (path: Path, ctx: DiffContext): string | undefined =>
  ctx.replacePaths.size > 0 && ctx.replacePaths.has(JSON.stringify(path)) ? FORCES_REPLACEMENT : undefined;

const isNull = (v: Value | undefined): boolean => v === undefined || v === null;

const own = (o: { [key: string]: Value }, k: string): Value | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

export const hiddenLine = (depth: number, count: number, noun: string): Line =>
  plain(depth, `# (${count} unchanged ${noun}${count === 1 ? '' : 's'} hidden)`);

/** A value shown whole under one marker: added (`+`), removed (`-`, ending in `-> null`) or unchanged (blank). */
export function wholeLines(marker: Marker, key: string | undefined, v: Value | undefined, depth: number, path: Path, ctx: DiffContext, trailing = '', suffix = ''): Line[] {
  const note = noteAt(path, ctx);
  if (isList(v)) {
    if (v.length === 0) return [line(depth, marker, key, `[]${suffix}${trailing}`, note)];
    const inner = v.flatMap((x, i) => wholeLines(marker, undefined, x, depth + 1, [...path, String(i)], ctx, ','));
    return [line(depth, marker, key, '[', note), ...inner, plain(depth, `]${suffix}${trailing}`)];
  }
  if (isObject(v)) {
    const keys = sortedKeys(v).filter((k) => !isNull(v[k]));
    if (keys.length === 0) return [line(depth, marker, key, `{}${suffix}${trailing}`, note)];
    const childSuffix = marker === '-' ? ' -> null' : '';
    const inner = keys.flatMap((k) => wholeLines(marker, keyText(k), v[k], depth + 1, [...path, k], ctx, '', childSuffix));
    return [line(depth, marker, key, '{', note), ...alignKeys(inner, depth + 1), plain(depth, `}${suffix}${trailing}`)];
  }
  return [line(depth, marker, key, `${scalarText(v)}${suffix}${trailing}`, note)];
}

/** The change of one value (an attribute when `key` is set, a list element otherwise). */
export function changeLines(key: string | undefined, before: Value | undefined, after: Value | undefined, depth: number, path: Path, ctx: DiffContext, trailing = ''): Line[] {
  const b = before ?? null;
  const a = after ?? null;
  if (valuesEqual(b, a)) return wholeLines(' ', key, a, depth, path, ctx, trailing);
  if (b === null) return wholeLines('+', key, a, depth, path, ctx, trailing);
  if (a === null) return wholeLines('-', key, b, depth, path, ctx, trailing, ' -> null');
  const note = noteAt(path, ctx);
  if (isList(b) && isList(a)) {
    return [line(depth, '~', key, '[', note), ...listDiff(b, a, depth + 1, path, ctx), plain(depth, `]${trailing}`)];
  }
  if (isObject(b) && isObject(a)) {
    const inner = objectDiff(b, a, depth + 1, path, ctx, { hideUnchanged: false }).lines;
    return [line(depth, '~', key, '{', note), ...inner, plain(depth, `}${trailing}`)];
  }
  if (!isBlock(b) && !isBlock(a)) return [line(depth, '~', key, `${scalarText(b)} -> ${scalarText(a)}${trailing}`, note)];
  if (isBlock(b) && isBlock(a)) {
    // A list became an object or the other way round: the old value goes, the new one comes.
    return [...wholeLines('-', key, b, depth, path, ctx, trailing, ' -> null'), ...wholeLines('+', key, a, depth, path, ctx, trailing)];
  }
  if (isBlock(b)) {
    const lines = wholeLines('-', key, b, depth, path, ctx, trailing, ` -> ${scalarText(a)}`);
    lines[0] = { ...lines[0]!, marker: '~' };
    return lines;
  }
  const lines = wholeLines('+', key, a, depth, path, ctx, trailing);
  lines[0] = { ...lines[0]!, marker: '~', text: `${scalarText(b)} -> ${lines[0]!.text}` };
  return lines;
}

/** The elements of two lists: kept, removed, added, and objects changed in place (`~ {`). */
export function listDiff(before: readonly Value[], after: readonly Value[], depth: number, path: Path, ctx: DiffContext): Line[] {
  const hideSame = [...before, ...after].some((x) => isObject(x));
  const out: Line[] = [];
  let hidden = 0;
  let removed: number[] = [];
  let added: number[] = [];
  const flushHidden = (): void => {
    if (hidden > 0) out.push(hiddenLine(depth, hidden, 'element'));
    hidden = 0;
  };
  const flushRun = (): void => {
    if (removed.length === 0 && added.length === 0) return;
    flushHidden();
    const pairs = Math.min(removed.length, added.length);
    const pairable = removed.slice(0, pairs).every((bi, k) => isObject(before[bi]) && isObject(after[added[k]!]));
    if (pairable && pairs > 0) {
      for (let k = 0; k < pairs; k++) {
        const ai = added[k]!;
        const elementPath = [...path, String(ai)];
        const inner = objectDiff(before[removed[k]!] as { [key: string]: Value }, after[ai] as { [key: string]: Value }, depth + 1, elementPath, ctx, { hideUnchanged: false }).lines;
        out.push(line(depth, '~', undefined, '{', noteAt(elementPath, ctx)), ...inner, plain(depth, '},'));
      }
      removed = removed.slice(pairs);
      added = added.slice(pairs);
    }
    for (const bi of removed) out.push(...wholeLines('-', undefined, before[bi], depth, [...path, String(bi)], ctx, ','));
    for (const ai of added) out.push(...wholeLines('+', undefined, after[ai], depth, [...path, String(ai)], ctx, ','));
    removed = [];
    added = [];
  };
  for (const op of diffSequence(before, after, valuesEqual)) {
    if (op.kind === 'delete') removed.push(op.before);
    else if (op.kind === 'insert') added.push(op.after);
    else {
      flushRun();
      if (hideSame) hidden++;
      else out.push(...wholeLines(' ', undefined, after[op.after], depth, [...path, String(op.after)], ctx, ','));
    }
  }
  flushRun();
  flushHidden();
  return out;
}

export interface ObjectDiffOptions {
  /** Hide unchanged attributes behind a count (resource bodies), rather than show them (nested objects). */
  hideUnchanged: boolean;
  /** Attributes shown even when unchanged (identifying ones). */
  keep?: ReadonlySet<string>;
  /** Attributes the plan reports as changed. */
  changed?: ReadonlySet<string>;
  /** Attributes whose values are never shown. */
  sensitive?: ReadonlySet<string>;
}

/** The attributes of two objects, aligned on `=`; `hidden` counts the unchanged attributes left out. */
export function objectDiff(
  before: { [key: string]: Value },
  after: { [key: string]: Value },
  depth: number,
  path: Path,
  ctx: DiffContext,
  opts: ObjectDiffOptions,
): { lines: Line[]; hidden: number } {
  // A create's body has no `before`: its keys are the after's alone (no union to build).
  const beforeKeys = Object.keys(before);
  const keys = beforeKeys.length === 0 ? Object.keys(after).sort() : [...new Set([...beforeKeys, ...Object.keys(after)])].sort();
  const lines: Line[] = [];
  let hidden = 0;
  for (const k of keys) {
    const b = own(before, k);
    const a = own(after, k);
    if (isNull(b) && isNull(a)) continue;
    const changed = opts.changed?.has(k) === true || !valuesEqual(b ?? null, a ?? null);
    if (!changed && opts.hideUnchanged && opts.keep?.has(k) !== true) {
      hidden++;
      continue;
    }
    const attrPath = [...path, k];
    if (opts.sensitive?.has(k)) lines.push(sensitiveLine(keyText(k), b, a, changed, depth, noteAt(attrPath, ctx)));
    else if (changed) lines.push(...changeLines(keyText(k), b, a, depth, attrPath, ctx));
    else lines.push(...wholeLines(' ', keyText(k), a, depth, attrPath, ctx));
  }
  return { lines: alignKeys(lines, depth), hidden };
}

/** A sensitive attribute: its marker tells what happens, its value is never shown. */
export function sensitiveLine(key: string, before: Value | undefined, after: Value | undefined, changed: boolean, depth: number, note?: string): Line {
  if (isNull(before)) return line(depth, '+', key, SENSITIVE_VALUE, note);
  if (isNull(after)) return line(depth, '-', key, `${SENSITIVE_VALUE} -> null`, note);
  return line(depth, changed ? '~' : ' ', key, SENSITIVE_VALUE, note);
}
