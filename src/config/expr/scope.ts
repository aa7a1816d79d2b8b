/**
 * What an evaluation resolves references through. A scope answers a whole traversal (`a.b.c`) with a value —
 * UNKNOWN when it is known only after apply — or says why it names nothing.
 */
import { isUnknown, UNKNOWN, type Value } from '../../values.js';
import type { Step, Traversal } from './ast.js';

/** A traversal that names nothing, with the reason (`Reference to undeclared resource "…"`). */
export class NotFound {
  constructor(readonly message: string) {}
}

export interface Scope {
  /** The value of a traversal; `undefined` or a NotFound when it names nothing. */
  resolve(traversal: Traversal): Value | NotFound | undefined;
}

/** Applies steps to a value: attribute access on an unknown yields unknown; a missing attribute or index is a NotFound. */
export function traverse(value: Value, steps: readonly Step[], prefix: string): Value | NotFound {
  let v = value;
  let at = prefix;
  for (const s of steps) {
    if (isUnknown(v)) return UNKNOWN;
    const shown = s.kind === 'attr' ? `.${s.name}` : typeof s.key === 'number' ? `[${s.key}]` : `[${JSON.stringify(s.key)}]`;
    if (v === null) return new NotFound(`Cannot access ${shown} of ${at}: it is null`);
    if (Array.isArray(v)) {
      if (s.kind !== 'index' || typeof s.key !== 'number') return new NotFound(`Cannot access ${shown} of ${at}: it is a list (index it with a number)`);
      if (s.key >= v.length) return new NotFound(`Index ${s.key} is out of range for ${at}, a list of ${v.length}`);
      v = v[s.key]!;
    } else if (typeof v === 'object') {
      const key = s.kind === 'attr' ? s.name : String(s.key);
      if (!Object.hasOwn(v, key)) return new NotFound(`${at} has no attribute "${key}"`);
      v = (v as Record<string, Value>)[key]!;
    } else return new NotFound(`Cannot access ${shown} of ${at}: it is a ${typeof v}`);
    at += shown;
  }
  return v;
}
