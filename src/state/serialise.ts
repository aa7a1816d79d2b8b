/**
 * Stable serialisation: 2-space indented JSON with a fixed field order, attribute objects with sorted keys, and a
 * trailing newline — so a state diff in git shows only what changed and golden files never flap.
 */
import { compareStrings } from './address.js';
import { normaliseState } from './normalise.js';
import type { State, StateFile } from './types.js';

/** The text of a state file (already encrypted). */
export function serialiseStateFile(file: StateFile): string {
  return textOf(orderedStateFile(file));
}

/** A state file as the plain JSON document that is written: Terraform's field order, attribute keys sorted. */
export const orderedStateFile = (file: StateFile): unknown => ordered(file);

/** The text of a document made by orderedStateFile. */
export const textOf = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;

/** Stands for the resources in the text of a state's skeleton, to be cut there (no JSON string can hold NUL raw). */
const RESOURCES_MARK = '\u0000resources\u0000';

/** Resources serialised by one JSON.stringify call in stateFileChunks (a few hundred KB of text). */
const RESOURCES_PER_CHUNK = 256;

/**
 * The text of a state file in pieces, the same bytes as serialiseStateFile: the skeleton's text cut where its
 * resources go, and the resources' text between, up to RESOURCES_PER_CHUNK at a time. `orderedResource` turns each
 * resource into its document (checking it on the way); a state of 10,000 keys never exists as one document or one
 * string.
 */
export function* stateFileChunks(skeleton: StateFile, resources: Iterable<unknown>): Generator<string> {
  const text = textOf({ ...(orderedStateFile(skeleton) as Record<string, unknown>), resources: [RESOURCES_MARK] });
  const marked = `    ${JSON.stringify(RESOURCES_MARK)}`;
  const cut = text.indexOf(marked);
  let group: unknown[] = [];
  let first = true;
  const chunk = (): string => {
    // Nested two arrays deep, the resources are indented as in the file (4 spaces) by JSON.stringify itself:
    // `[\n  [\n` and `\n  ]\n]` are cut off, and the resources come out joined by `,\n`.
    const json = JSON.stringify([group], null, 2);
    const piece = `${first ? text.slice(0, cut) : ',\n'}${json.slice(GROUP_OPEN.length, json.length - GROUP_CLOSE.length)}`;
    first = false;
    group = [];
    return piece;
  };
  for (const resource of resources) {
    group.push(resource);
    if (group.length >= RESOURCES_PER_CHUNK) yield chunk();
  }
  if (group.length > 0) yield chunk();
  // No resources: the skeleton as it is written, `"resources": []`.
  yield first ? textOf(orderedStateFile(skeleton)) : text.slice(cut + marked.length);
}

const GROUP_OPEN = '[\n  [\n';
const GROUP_CLOSE = '\n  ]\n]';

/** One resource as the document written for it (field order, attribute keys sorted). */
export const orderedResource = (r: StateFile['resources'][number]): unknown => orderResource(r);

/** The state's content as one string with `serial` left out: equal strings mean nothing changed. */
export function contentOf(state: State): string {
  const { serial: _serial, ...rest } = ordered(normaliseState(state)) as State;
  return JSON.stringify(rest);
}

type AnyState = State | StateFile;

/** Fields in the order Terraform writes them; values below `attributes` and `value` with sorted keys. */
function ordered(s: AnyState): unknown {
  const outputs: Record<string, unknown> = {};
  for (const name of Object.keys(s.outputs).sort(compareStrings)) {
    const o = s.outputs[name]!;
    outputs[name] = { value: sortKeys(o.value), type: sortKeys(o.type), ...(o.sensitive ? { sensitive: true } : {}) };
  }
  const out: Record<string, unknown> = {
    version: s.version,
    terraform_version: s.terraform_version,
    serial: s.serial,
    lineage: s.lineage,
    outputs,
    resources: (s.resources as AnyResource[]).map(orderResource),
    check_results: s.check_results,
  };
  if ('keyform' in s) out['keyform'] = { key_id: s.keyform.key_id };
  return out;
}

type AnyResource = State['resources'][number] | StateFile['resources'][number];

function orderResource(r: AnyResource): unknown {
  return {
    mode: r.mode,
    type: r.type,
    name: r.name,
    provider: r.provider,
    instances: r.instances.map((i) => ({
      ...(i.index_key !== undefined ? { index_key: i.index_key } : {}),
      ...(i.status ? { status: i.status } : {}),
      ...(i.deposed !== undefined ? { deposed: i.deposed } : {}),
      schema_version: i.schema_version,
      attributes: sortKeys(i.attributes),
      sensitive_attributes: i.sensitive_attributes,
      dependencies: i.dependencies,
      ...(i.create_before_destroy ? { create_before_destroy: true } : {}),
    })),
  };
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export const canonicalJson = (v: unknown): string => JSON.stringify(sortKeys(v));

/** `v` with object keys sorted at every level; `v` itself (no copy) where they already are: it is only serialised. */
function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = sortKeys(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = compareStrings(keys[i - 1]!, keys[i]!) < 0;
  if (sorted) {
    let out: Record<string, unknown> | undefined;
    for (const k of keys) {
      const x = sortKeys(o[k]);
      if (x !== o[k]) put((out ??= { ...o }), k, x);
    }
    return out ?? o;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys.sort(compareStrings)) put(out, k, sortKeys(o[k]));
  return out;
}

/** `out[k] = x` as an own property, `__proto__` included (a parsed state or a map value may have that key). */
function put(out: Record<string, unknown>, k: string, x: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  else out[k] = x;
}
