/**
 * Terraform's (HCL's) automatic conversions between primitive values, shared by the functions and the
 * operators: a number or bool becomes a string where a string is wanted, "12" becomes a number, "true" a bool.
 * Anything else is a ConversionError whose message reads well after "Invalid value for …: ".
 */
import { KeyformError } from '../../../diagnostics.js';
import { isUnknown, type Value } from '../../../values.js';
import { shortestDecimal } from './decimal.js';

/** The kind of a value as messages name it. Lists stand for Terraform's lists, tuples and sets; objects for maps and objects. */
export type TypeName = 'string' | 'number' | 'bool' | 'list' | 'object' | 'null' | 'unknown';

/** The primitive types a conversion can aim at. */
export type PrimitiveType = 'string' | 'number' | 'bool';

export function typeName(v: Value): TypeName {
  if (v === null) return 'null';
  if (isUnknown(v)) return 'unknown';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** "a string", "an object", "null": a type name as it reads inside a sentence. */
export function article(t: TypeName): string {
  if (t === 'null') return 'null';
  if (t === 'unknown') return 'an unknown value';
  return t === 'object' ? 'an object' : `a ${t}`;
}

/** A value that cannot become the primitive type asked for. */
export class ConversionError extends KeyformError {
  readonly from: TypeName;
  readonly to: PrimitiveType;
  declare readonly code: 'ERR_CONVERSION';
  constructor(message: string, from: TypeName, to: PrimitiveType) {
    super('ERR_CONVERSION', message);
    this.name = 'ConversionError';
    this.from = from;
    this.to = to;
  }
}

const wrongType = (v: Value, to: PrimitiveType): ConversionError =>
  new ConversionError(`${article(to)} is required, not ${article(typeName(v))}`, typeName(v), to);

/** A number as Terraform writes it: shortest decimal digits, never an exponent (1e21 → "1000000000000000000000"). */
export function numberToString(n: number): string {
  if (Number.isNaN(n)) throw new ConversionError('NaN is not a number Terraform can represent', 'number', 'string');
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const d = shortestDecimal(n);
  if (d.digits === '') return '0';
  const sign = d.negative ? '-' : '';
  if (d.point <= 0) return `${sign}0.${'0'.repeat(-d.point)}${d.digits}`;
  if (d.point >= d.digits.length) return sign + d.digits + '0'.repeat(d.point - d.digits.length);
  return `${sign}${d.digits.slice(0, d.point)}.${d.digits.slice(d.point)}`;
}

/** A string, or a number or bool written as one. Null, lists, objects and unknown values are errors. */
export function toStringValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw wrongType(v, 'string');
}

/** Terraform's decimal syntax: optional sign, digits with an optional point, optional exponent ("1.5", "-3", ".5", "1e3"). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number, or a string holding a decimal number. */
export function toNumberValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = DECIMAL.test(v) ? Number(v) : NaN;
    if (Number.isFinite(n)) return n === 0 ? 0 : n; // "-0" is 0
    const why = Number.isNaN(n) ? 'the string must be a decimal representation of a number' : 'the number is too large for keyform (IEEE double)';
    throw new ConversionError(`cannot convert ${JSON.stringify(v)} to a number: ${why}`, 'string', 'number');
  }
  throw wrongType(v, 'number');
}

/** A bool, or one of the strings "true" and "false". */
export function toBoolValue(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (typeof v === 'string') {
    throw new ConversionError(`cannot convert ${JSON.stringify(v)} to a bool: only the strings "true" and "false" are allowed`, 'string', 'bool');
  }
  throw wrongType(v, 'bool');
}

/** The conversion to `to`, by name. */
export function toPrimitive(v: Value, to: PrimitiveType): string | number | boolean {
  return to === 'string' ? toStringValue(v) : to === 'number' ? toNumberValue(v) : toBoolValue(v);
}
