// TEMPORARY stand-in while the function library is written on branch wip-fn; replaced at merge.
import type { Value } from '../../../values.js';
export function typeName(v: Value): string { return v === null ? 'null' : Array.isArray(v) ? 'tuple' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v; }
export function toStringValue(v: Value): string { if (typeof v === 'string') return v; if (typeof v === 'number' || typeof v === 'boolean') return String(v); throw new Error(`a string is required, got ${typeName(v)}`); }
export function toNumberValue(v: Value): number { if (typeof v === 'number') return v; if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v); throw new Error(`a number is required, got ${typeName(v)}`); }
export function toBoolValue(v: Value): boolean { if (typeof v === 'boolean') return v; if (v === 'true') return true; if (v === 'false') return false; throw new Error(`a bool is required, got ${typeName(v)}`); }
