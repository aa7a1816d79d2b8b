/** How single values read in the human plan: HCL-like literals, `(known after apply)`, `(sensitive value)`. */
import { isUnknown, type Value } from '../values.js';
import { safeLine } from './safe-text.js';

export const KNOWN_AFTER_APPLY = '(known after apply)';
export const SENSITIVE_VALUE = '(sensitive value)';

export type Block = Value[] | { [key: string]: Value };

/** A list or an object (unknown is neither). */
export const isBlock = (v: Value | undefined): v is Block => v !== null && v !== undefined && typeof v === 'object' && !isUnknown(v);

export const isList = (v: Value | undefined): v is Value[] => Array.isArray(v);

export const isObject = (v: Value | undefined): v is { [key: string]: Value } => isBlock(v) && !Array.isArray(v);

/** A value that is not a block, as one literal; strings quoted with every control character escaped. */
export function scalarText(v: Value | undefined): string {
  if (typeof v === 'string') return quote(v);
  if (v === undefined || v === null) return 'null';
  if (isUnknown(v)) return KNOWN_AFTER_APPLY;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? '[...]' : '{...}';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Keys already seen: a plan repeats the same few attribute names thousands of times. Bounded, for long-lived callers. */
const keyTexts = new Map<string, string>();
const KEY_TEXTS_MAX = 4096;

/** An attribute or map key: bare when it is an identifier, quoted otherwise. */
export function keyText(k: string): string {
  let text = keyTexts.get(k);
  if (text === undefined) {
    text = IDENTIFIER.test(k) ? k : quote(k);
    if (keyTexts.size < KEY_TEXTS_MAX) keyTexts.set(k, text);
  }
  return text;
}

/** A JSON-quoted string with DEL and C1 controls escaped too (JSON.stringify leaves those raw). */
export const quote = (s: string): string => safeLine(JSON.stringify(s));

/** Own keys in a stable order. */
export const sortedKeys = (o: object): string[] => Object.keys(o).sort();
