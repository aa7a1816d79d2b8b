/**
 * Instance addresses: `type.name`, `type.name[0]` (count) and `type.name["key"]` (for_each), formatted and parsed
 * exactly as Terraform prints them, and the order instances are listed and stored in.
 */
import { stateError } from './errors.js';
import type { IndexKey } from './types.js';
import { formatInstanceAddress } from '../config/instance-address.js';

export interface InstanceAddress {
  type: string;
  name: string;
  indexKey?: IndexKey;
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const ADDRESS = new RegExp(`^(${NAME})\\.(${NAME})(?:\\[(\\d+|"(?:[^"\\\\]|\\\\.)*")\\])?$`);

/** `type.name` — the resource part only. */
export const resourceAddress = (type: string, name: string): string => `${type}.${name}`;

export const formatAddress = (type: string, name: string, indexKey?: IndexKey): string => formatInstanceAddress(resourceAddress(type, name), indexKey);

/** How a deposed object is named in messages and plans: `type.name (deposed object 1a2b3c4d)`. */
export const deposedLabel = (address: string, deposed: string | undefined): string => (deposed === undefined ? address : `${address} (deposed object ${deposed})`);

/** Whether `address` is written as a resource instance address (type.name, type.name[0], type.name["key"]). */
export const isInstanceAddress = (address: string): boolean => ADDRESS.test(address);

export function parseAddress(address: string): InstanceAddress {
  const m = ADDRESS.exec(address);
  if (!m) throw stateError('STATE_ADDRESS_INVALID', `${JSON.stringify(address)} is not a resource address (expected type.name, type.name[0] or type.name["key"])`);
  const [, type, name, index] = m as unknown as [string, string, string, string | undefined];
  if (index === undefined) return { type, name };
  return { type, name, indexKey: index.startsWith('"') ? (JSON.parse(index) as string) : Number(index) };
}

/** No key first, then numbers ascending, then strings in code-unit order (locale-independent). */
export function compareIndexKeys(a: IndexKey | undefined, b: IndexKey | undefined): number {
  const rank = (k: IndexKey | undefined): number => (k === undefined ? 0 : typeof k === 'number' ? 1 : 2);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareStrings(String(a ?? ''), String(b ?? ''));
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sameIndexKey = (a: IndexKey | undefined, b: IndexKey | undefined): boolean => a === b;
