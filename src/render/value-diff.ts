/**
 * Turns a before/after pair of values into diff lines, Terraform-style: scalars as `"old" -> "new"`, lists and
 * objects opened as blocks with a marker per element or attribute, removed values ending in `-> null`, unchanged
 * list elements of objects hidden behind a count, and `# forces replacement` on the paths the plan names.
 * Pure formatting: which attributes changed and why comes from the plan.
 */
import { valuesEqual, type Value } from '../values.js';
import type { Marker } from './action-words.js';
import { DiffLines, keyWidth } from './diff-line.js';
import { diffSequence } from './sequence-diff.js';
import { isBlock, isList, isObject, keyText, scalarText, sortedKeys, SENSITIVE_VALUE, type Block } from './value-text.js';

export const FORCES_REPLACEMENT = '# forces replacement';

export interface DiffContext {
  /** The attribute paths that force replacement, e.g. `["rules"]`. */
  replacePaths: readonly (readonly string[])[];
  /** The length of the longest of those paths: no deeper value can force replacement. */
  longest: number;
}

/** The context of a change that forces no replacement (most of them): one for all. */
const NO_REPLACE: DiffContext = { replacePaths: [], longest: 0 };

export const diffContext = (replacePaths: readonly (readonly string[])[] = []): DiffContext =>
  replacePaths.length === 0 ? NO_REPLACE : { replacePaths, longest: Math.max(...replacePaths.map((p) => p.length)) };

/**
 * Where a value is, as attribute names and element indexes; undefined where no path of the context can reach (no
 * path forces replacement, or all are shorter), so that the values of most changes are written without one.
 */
export type Path = readonly string[] | undefined;

/** The path of the whole value: the root of every path when some path forces replacement. */
export const rootPath = (ctx: DiffContext): Path => (ctx.replacePaths.length === 0 ? undefined : []);

const childPath = (path: Path, ctx: DiffContext, step: string | number): Path =>
  path === undefined || path.length >= ctx.longest ? undefined : [...path, String(step)];

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((step, i) => step === b[i]);

const noteAt = (path: Path, ctx: DiffContext): string | undefined =>
  path !== undefined && ctx.replacePaths.some((p) => samePath(p, path)) ? FORCES_REPLACEMENT : undefined;

const isNull = (v: Value | undefined): boolean => v === undefined || v === null;

const own = (o: { [key: string]: Value }, k: string): Value | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

export const hiddenText = (count: number, noun: string): string => `# (${count} unchanged ${noun}${count === 1 ? '' : 's'} hidden)`;

/** How the first line of a value shown whole differs from the rest: `~ key = "old" -> [` over a `+` list. */
interface Head {
  marker: Marker;
  /** Written before the value's own text. */
  text: string;
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

/**
 * Writes the diff of values of one change (or drift entry, or output) to its lines. `key` arguments are attribute
 * keys already quoted if needed, padded to `width` (the longest key of their block).
 */
export class ValueDiff {
  constructor(
    readonly out: DiffLines,
    readonly ctx: DiffContext,
  ) {}

  /** A value shown whole under one marker: added (`+`), removed (`-`, ending in `-> null`) or unchanged (blank). */
  whole(marker: Marker, key: string | undefined, width: number, v: Value | undefined, depth: number, path: Path, trailing = '', suffix = '', head?: Head): void {
    if (isBlock(v)) return this.wholeBlock(marker, key, width, v, depth, path, trailing, suffix, head);
    const text = `${scalarText(v)}${suffix}${trailing}`;
    this.out.add(depth, head === undefined ? marker : head.marker, key, width, head === undefined ? text : `${head.text}${text}`, noteAt(path, this.ctx));
  }

  /** A list or object shown whole (apart from scalars, which are most values, so that their path stays short). */
  private wholeBlock(marker: Marker, key: string | undefined, width: number, v: Block, depth: number, path: Path, trailing: string, suffix: string, head?: Head): void {
    const note = noteAt(path, this.ctx);
    const headMarker = head === undefined ? marker : head.marker;
    const headText = head === undefined ? '' : head.text;
    if (isList(v)) {
      if (v.length === 0) return this.out.add(depth, headMarker, key, width, `${headText}[]${suffix}${trailing}`, note);
      this.out.add(depth, headMarker, key, width, `${headText}[`, note);
      for (let i = 0; i < v.length; i++) this.whole(marker, undefined, 0, v[i], depth + 1, childPath(path, this.ctx, i), ',');
      return this.out.plain(depth, `]${suffix}${trailing}`);
    }
    const keys = sortedKeys(v).filter((k) => !isNull(v[k]));
    if (keys.length === 0) return this.out.add(depth, headMarker, key, width, `${headText}{}${suffix}${trailing}`, note);
    this.out.add(depth, headMarker, key, width, `${headText}{`, note);
    const childSuffix = marker === '-' ? ' -> null' : '';
    const texts = keys.map(keyText);
    const childWidth = keyWidth(texts);
    for (let i = 0; i < keys.length; i++) this.whole(marker, texts[i], childWidth, v[keys[i]!], depth + 1, childPath(path, this.ctx, keys[i]!), '', childSuffix);
    this.out.plain(depth, `}${suffix}${trailing}`);
  }

  /** The change of one value (an attribute when `key` is set, a list element otherwise). */
  change(key: string | undefined, width: number, before: Value | undefined, after: Value | undefined, depth: number, path: Path, trailing = ''): void {
    const b = before ?? null;
    const a = after ?? null;
    if (valuesEqual(b, a)) return this.whole(' ', key, width, a, depth, path, trailing);
    if (b === null) return this.whole('+', key, width, a, depth, path, trailing);
    if (a === null) return this.whole('-', key, width, b, depth, path, trailing, ' -> null');
    const note = noteAt(path, this.ctx);
    if (isList(b) && isList(a)) {
      this.out.add(depth, '~', key, width, '[', note);
      this.list(b, a, depth + 1, path);
      return this.out.plain(depth, `]${trailing}`);
    }
    if (isObject(b) && isObject(a)) {
      this.out.add(depth, '~', key, width, '{', note);
      this.object(b, a, depth + 1, path, { hideUnchanged: false });
      return this.out.plain(depth, `}${trailing}`);
    }
    if (!isBlock(b) && !isBlock(a)) return this.out.add(depth, '~', key, width, `${scalarText(b)} -> ${scalarText(a)}${trailing}`, note);
    if (isBlock(b) && isBlock(a)) {
      // A list became an object or the other way round: the old value goes, the new one comes.
      this.whole('-', key, width, b, depth, path, trailing, ' -> null');
      return this.whole('+', key, width, a, depth, path, trailing);
    }
    if (isBlock(b)) return this.whole('-', key, width, b, depth, path, trailing, ` -> ${scalarText(a)}`, { marker: '~', text: '' });
    this.whole('+', key, width, a, depth, path, trailing, '', { marker: '~', text: `${scalarText(b)} -> ` });
  }

  /** The elements of two lists: kept, removed, added, and objects changed in place (`~ {`). */
  list(before: readonly Value[], after: readonly Value[], depth: number, path: Path): void {
    const hideSame = before.some(isObject) || after.some(isObject);
    let hidden = 0;
    let removed: number[] = [];
    let added: number[] = [];
    const flushHidden = (): void => {
      if (hidden > 0) this.out.plain(depth, hiddenText(hidden, 'element'));
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
          const elementPath = childPath(path, this.ctx, ai);
          this.out.add(depth, '~', undefined, 0, '{', noteAt(elementPath, this.ctx));
          this.object(before[removed[k]!] as { [key: string]: Value }, after[ai] as { [key: string]: Value }, depth + 1, elementPath, { hideUnchanged: false });
          this.out.plain(depth, '},');
        }
        removed = removed.slice(pairs);
        added = added.slice(pairs);
      }
      for (const bi of removed) this.whole('-', undefined, 0, before[bi], depth, childPath(path, this.ctx, bi), ',');
      for (const ai of added) this.whole('+', undefined, 0, after[ai], depth, childPath(path, this.ctx, ai), ',');
      removed = [];
      added = [];
    };
    for (const op of diffSequence(before, after, valuesEqual)) {
      if (op.kind === 'delete') removed.push(op.before);
      else if (op.kind === 'insert') added.push(op.after);
      else {
        flushRun();
        if (hideSame) hidden++;
        else this.whole(' ', undefined, 0, after[op.after], depth, childPath(path, this.ctx, op.after), ',');
      }
    }
    flushRun();
    flushHidden();
  }

  /** The attributes of two objects, aligned on `=`; returns how many unchanged attributes were left out. */
  object(before: { [key: string]: Value }, after: { [key: string]: Value }, depth: number, path: Path, opts: ObjectDiffOptions): number {
    // The keys of both, sorted: the after's, and the before's it lacks (none on a create).
    const keys = Object.keys(after);
    for (const k of Object.keys(before)) if (!Object.hasOwn(after, k)) keys.push(k);
    keys.sort();
    // Which attributes show, first: their keys are padded to the longest of them.
    const shown: string[] = [];
    const befores: (Value | undefined)[] = [];
    const afters: (Value | undefined)[] = [];
    const changed: boolean[] = [];
    let hidden = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const b = own(before, k);
      const a = own(after, k);
      if (isNull(b) && isNull(a)) continue;
      const isChanged = opts.changed?.has(k) === true || !valuesEqual(b ?? null, a ?? null);
      if (!isChanged && opts.hideUnchanged && opts.keep?.has(k) !== true) {
        hidden++;
        continue;
      }
      shown.push(k);
      befores.push(b);
      afters.push(a);
      changed.push(isChanged);
    }
    const texts = shown.map(keyText);
    const width = keyWidth(texts);
    for (let i = 0; i < shown.length; i++) {
      const attrPath = childPath(path, this.ctx, shown[i]!);
      const b = befores[i];
      const a = afters[i];
      // An attribute added or removed (every one of a create or a delete) is written whole: there is nothing to diff.
      if (opts.sensitive?.has(shown[i]!)) this.sensitive(texts[i]!, width, b, a, changed[i]!, depth, noteAt(attrPath, this.ctx));
      else if (isNull(b)) this.whole('+', texts[i], width, a, depth, attrPath);
      else if (isNull(a)) this.whole('-', texts[i], width, b, depth, attrPath, '', ' -> null');
      else if (changed[i]) this.change(texts[i], width, b, a, depth, attrPath);
      else this.whole(' ', texts[i], width, a, depth, attrPath);
    }
    return hidden;
  }

  /** A sensitive attribute: its marker tells what happens, its value is never shown. */
  sensitive(key: string, width: number, before: Value | undefined, after: Value | undefined, changed: boolean, depth: number, note?: string): void {
    if (isNull(before)) return this.out.add(depth, '+', key, width, SENSITIVE_VALUE, note);
    if (isNull(after)) return this.out.add(depth, '-', key, width, `${SENSITIVE_VALUE} -> null`, note);
    this.out.add(depth, changed ? '~' : ' ', key, width, SENSITIVE_VALUE, note);
  }
}
