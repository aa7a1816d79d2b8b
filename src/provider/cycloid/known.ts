/** Reading planned values at apply time, when every value the API needs must be known. */
import { KeyformError } from '../../diagnostics.js';
import { isUnknown, type Value, type Values } from '../../values.js';

export const isSet = (v: Value | undefined): boolean => v !== undefined && v !== null;

function fail(attribute: string, what: string): never {
  throw new KeyformError('UNKNOWN_VALUE', `cycloid_organization_api_key: ${attribute} ${what} at apply time (an engine bug: it must be known by now)`);
}

/** A known string, or a typed error naming the attribute. */
export function knownString(values: Values, attribute: string): string {
  const v = values[attribute];
  if (isUnknown(v)) return fail(attribute, 'is unknown');
  if (typeof v !== 'string') return fail(attribute, 'is not a string');
  return v;
}

/** A known string, or undefined when unset (null or absent); unknown is an error. */
export function optionalString(values: Values, attribute: string): string | undefined {
  const v = values[attribute];
  if (v === undefined || v === null) return undefined;
  return knownString(values, attribute);
}

/** A known string, or undefined when unset or still unknown: the API picks the value (the owner of a new key). */
export function stringOrApiDefault(values: Values, attribute: string): string | undefined {
  const v = values[attribute];
  return typeof v === 'string' ? v : undefined;
}
