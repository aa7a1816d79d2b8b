/** The committed Terraform golden table (scripts/functions-golden.mjs) and its value encoding. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/package-root.js';
import { isUnknown, UNKNOWN, type Value } from '../../../src/values.js';

/** JSON as stored: a value with `{"__unknown__": true}` where keyform has UNKNOWN. */
export type Stored = null | boolean | number | string | Stored[] | { [k: string]: Stored };

export interface GoldenCase {
  fn: string;
  args: Stored[];
  expr: string;
  expected: { value: Stored } | { error: string } | { rendered: string };
  /** Why keyform deliberately answers differently, and what it answers. */
  differs?: string;
  ours?: { error: true } | { value: Stored };
}

export const goldenPath = join(packageRoot, 'test', 'config', 'functions', 'terraform-golden.json');

export interface Golden {
  terraform: string;
  /** Every function of that Terraform, with its parameter names (`terraform metadata functions`). */
  functions: Record<string, { params: string[]; variadic?: string }>;
  cases: GoldenCase[];
}

export function readGolden(): Golden {
  return JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden;
}

const isMarker = (v: Stored): boolean => v !== null && typeof v === 'object' && !Array.isArray(v) && v['__unknown__'] === true && Object.keys(v).length === 1;

export function decode(v: Stored): Value {
  if (isMarker(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: decode(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** `v` in the stored form, for messages and comparisons. */
export function encode(v: Value): Stored {
  if (isUnknown(v)) return { __unknown__: true };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Stored> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: encode(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
