// TEMPORARY stand-in while the function library is written on branch wip-fn; replaced at merge.
import { isUnknown, containsUnknown, type Value } from '../../../values.js';
export class FunctionError extends Error {
  constructor(message: string, readonly argIndex?: number) { super(message); }
}
export interface FunctionDef { name: string; signature: string; summary: string; call(args: Value[]): Value }
const defs: FunctionDef[] = [
  { name: 'lower', signature: 'lower(s string) string', summary: '', call: ([s]) => String(s).toLowerCase() },
  { name: 'upper', signature: 'upper(s string) string', summary: '', call: ([s]) => String(s).toUpperCase() },
  { name: 'length', signature: 'length(v) number', summary: '', call: ([v]) => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : Object.keys(v as object).length) },
  { name: 'contains', signature: 'contains(l, v) bool', summary: '', call: ([l, v]) => (l as Value[]).includes(v!) },
  { name: 'keys', signature: 'keys(m) list', summary: '', call: ([v]) => Object.keys(v as object).sort() },
  { name: 'toset', signature: 'toset(l) set', summary: '', call: ([v]) => [...new Set(v as string[])].sort() },
  { name: 'join', signature: 'join(sep, l) string', summary: '', call: ([s, l]) => (l as string[]).join(String(s)) },
  { name: 'format', signature: 'format(spec, ...) string', summary: '', call: ([s, ...a]) => { let i = 0; return String(s).replace(/%[sd]/g, () => String(a[i++])); } },
];
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(defs.map((d) => [d.name, d]));
export function callFunction(name: string, args: Value[]): { value: Value } | { error: string; arg?: number; unknownFunction?: true; suggestion?: string } {
  const f = FUNCTIONS.get(name);
  if (!f) return { error: `Call to unknown function "${name}"`, unknownFunction: true, ...(name === 'uppr' ? { suggestion: 'upper' } : {}) };
  if (args.some((a) => isUnknown(a) || containsUnknown(a))) return { value: args.find(isUnknown) ?? args[0]! };
  try { return { value: f.call(args) }; } catch (e) { return e instanceof FunctionError ? { error: e.message, ...(e.argIndex !== undefined ? { arg: e.argIndex } : {}) } : { error: String(e) }; }
}
