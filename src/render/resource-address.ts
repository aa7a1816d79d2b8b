/**
 * Parts of a resource instance address (`[module.m.]TYPE.NAME[KEY]`) for output formats that want them apart:
 * the JSON plan's `type`/`name`/`index` and the events' `resource_type`/`resource_name`/`resource_key`.
 */

export interface AddressParts {
  module: string;
  type: string;
  name: string;
  /** The instance key: a number for `count`, a string for `for_each`; absent for a single instance. */
  key?: number | string;
}

const ADDRESS = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)([^.[]+)\.([^.[]+)(?:\[(.*)\])?$/;

export function addressParts(address: string): AddressParts {
  const m = ADDRESS.exec(address);
  if (!m) return { module: '', type: address, name: '' };
  const parts: AddressParts = { module: (m[1] ?? '').replace(/\.$/, ''), type: m[2]!, name: m[3]! };
  const key = m[4];
  if (key !== undefined) parts.key = parseKey(key);
  return parts;
}

function parseKey(raw: string): number | string {
  if (/^\d+$/.test(raw)) return Number(raw);
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // not a quoted key: keep the raw text
  }
  return raw;
}
