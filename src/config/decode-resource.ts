/**
 * `resource` blocks: `{TYPE: {NAME: {attributes and meta-arguments}}}`, or `{TYPE: {NAME: [{…}]}}` as HCL reads
 * (a list of one body; two bodies are the same resource declared twice). Meta-arguments are taken out; every
 * other key becomes an attribute expression in `config`, checked against the schema by validation.
 */
import type { Expr, Lifecycle, ResourceConfig } from './types.js';
import { decodeDependsOn, decodeLifecycle, decodeProviderRef } from './decode-meta.js';
import { isName, kindOf, members, NAME_RULE, type Decoder } from './decoder.js';
import type { JsonNode, JsonObjectNode } from './json-ast.js';
import { JsonLineIndex } from './json-line-index.js';
import { sortedEntries, toExpr } from './json-to-expr.js';
import { setOwn } from './set-own.js';

const NOT_SUPPORTED: Record<string, string> = {
  connection: 'connection blocks are not supported: keyform resources are API objects, there is nothing to connect to',
  provisioner: 'provisioner blocks are not supported: keyform resources are API objects, there is nothing to provision',
  dynamic: 'dynamic blocks are not supported yet',
};

export function decodeResources(node: JsonNode, dec: Decoder): ResourceConfig[] {
  const out: ResourceConfig[] = [];
  for (const body of dec.bodies(node, 'resource')) {
    for (const typeEntry of members(body)) {
      const type = typeEntry.key;
      if (!isName(type)) {
        dec.error(`Invalid resource type "${type}": ${NAME_RULE}`, typeEntry.at.line);
        continue;
      }
      for (const names of dec.bodies(typeEntry.value, `resource "${type}"`)) {
        for (const nameEntry of members(names)) {
          const name = nameEntry.key;
          const address = `${type}.${name}`;
          const v = nameEntry.value;
          if (!isName(name)) dec.error(`Invalid resource name "${name}": ${NAME_RULE}`, nameEntry.at.line, { address });
          else if (v.kind === 'array') {
            for (let i = 0; i < v.items.length; i++) {
              const item = v.items[i]!;
              if (item.kind === 'object') out.push(decodeResource(type, name, address, item, i === 0 ? nameEntry.at.line : item.line, dec));
              else dec.error(`Resource ${address} must be an object or a list of objects, found ${kindOf(item)} in the list`, item.line, { address });
            }
          } else if (v.kind !== 'object') dec.error(`Resource ${address} must be an object, found ${kindOf(v)}`, v.line, { address });
          else out.push(decodeResource(type, name, address, v, nameEntry.at.line, dec));
        }
      }
    }
  }
  return out;
}

/** The lifecycle of a resource that sets none, shared (frozen: nothing changes a decoded lifecycle). */
const DEFAULT_LIFECYCLE: Lifecycle = Object.freeze({ preventDestroy: false, createBeforeDestroy: false, ignoreChanges: Object.freeze([]) as unknown as string[] });

/** The provider a resource type belongs to by default: `cycloid` for `cycloid_organization_api_key` (one string per type). */
function defaultProvider(type: string): string {
  let provider = defaultProviders.get(type);
  if (provider === undefined) defaultProviders.set(type, (provider = type.includes('_') ? type.slice(0, type.indexOf('_')) : type));
  return provider;
}
const defaultProviders = new Map<string, string>();

function decodeResource(type: string, name: string, address: string, body: JsonObjectNode, line: number, dec: Decoder): ResourceConfig {
  const config: Record<string, Expr> = {};
  let previous: string | undefined;
  let dependsOn: string[] = [];
  let lifecycle = DEFAULT_LIFECYCLE;
  let provider = defaultProvider(type);
  let count: Expr | undefined;
  let forEach: Expr | undefined;
  for (const e of sortedEntries(members(body))) {
    if (e.key === previous) {
      dec.error(`Duplicate argument "${e.key}"`, e.at.line, { address, path: e.key });
      continue;
    }
    previous = e.key; // entries are sorted: a repeated key comes right after the first
    switch (e.key) {
      case 'depends_on':
        dependsOn = decodeDependsOn(e.value, dec, address);
        break;
      case 'lifecycle':
        lifecycle = decodeLifecycle(e.value, dec, address);
        break;
      case 'provider':
        provider = decodeProviderRef(e.value, dec, address) ?? provider;
        break;
      case 'count':
      case 'for_each':
        if (e.key === 'count') count = toExpr(e.value, e.key, dec, address);
        else forEach = toExpr(e.value, e.key, dec, address);
        break;
      default:
        if (Object.hasOwn(NOT_SUPPORTED, e.key)) dec.error(NOT_SUPPORTED[e.key]!, e.at.line, { address, path: e.key });
        else setOwn(config, e.key, toExpr(e.value, e.key, dec, address));
    }
  }
  if (count !== undefined && forEach !== undefined) {
    dec.error(`Resource ${address} sets both count and for_each: use one of them`, line, { address, path: 'for_each' });
  }
  const resource: ResourceConfig = { type, name, address, config, dependsOn, lifecycle, provider, source: { file: dec.file, line, pathLines: new JsonLineIndex(body) } };
  if (count !== undefined) resource.count = count;
  if (forEach !== undefined) resource.forEach = forEach;
  return resource;
}
