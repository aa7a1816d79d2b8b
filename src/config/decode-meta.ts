/**
 * Meta-arguments shared by resource and output blocks: `depends_on` (resource addresses), `lifecycle`, and a
 * resource's `provider` (`cycloid` or `cycloid.ALIAS`).
 */
import type { Lifecycle } from './types.js';
import { isName, kindOf, members, type Decoder } from './decoder.js';
import { suggestion } from './did-you-mean.js';
import type { JsonNode } from './json-ast.js';
import { attrPath, indexPath } from './paths.js';
import { readReferenceString } from './reference-string.js';
import { SPECIAL_ROOTS } from './reference-roots.js';


export function decodeDependsOn(node: JsonNode, dec: Decoder, address: string): string[] {
  const at = { address, path: 'depends_on' };
  if (node.kind !== 'array') {
    dec.error(`depends_on must be a list of resource addresses like "cycloid_organization_api_key.ci", found ${kindOf(node)}`, node.line, at);
    return [];
  }
  const out: string[] = [];
  node.items.forEach((item, i) => {
    const where = { address, path: indexPath('depends_on', i) };
    if (item.kind !== 'string') {
      dec.error(`depends_on entries must be strings naming a resource, like "cycloid_organization_api_key.ci", found ${kindOf(item)}`, item.line, where);
      return;
    }
    const t = readReferenceString(item.value);
    if (t && (t.root === 'module' || t.root === 'data')) {
      dec.error(`depends_on on ${t.root === 'module' ? 'modules' : 'data sources'} is not supported yet: "${item.value}"`, item.line, where);
    } else if (!t || SPECIAL_ROOTS.has(t.root) || t.steps.length === 0 || t.steps[0]!.kind !== 'attr') {
      dec.error(`Invalid depends_on entry "${item.value}": expected a resource address like "cycloid_organization_api_key.ci"`, item.line, where);
    } else if (t.steps.length > 1) {
      dec.error(`Invalid depends_on entry "${item.value}": name a whole resource (type.name), not one of its attributes`, item.line, where);
    } else out.push(`${t.root}.${(t.steps[0] as { name: string }).name}`);
  });
  return out;
}

const LIFECYCLE_KEYS = ['create_before_destroy', 'prevent_destroy', 'ignore_changes'];
const LIFECYCLE_LATER = ['replace_triggered_by', 'precondition', 'postcondition'];

export function decodeLifecycle(node: JsonNode, dec: Decoder, address: string): Lifecycle {
  const lifecycle: Lifecycle = { preventDestroy: false, createBeforeDestroy: false, ignoreChanges: [] };
  for (const body of dec.bodies(node, 'lifecycle', { address, path: 'lifecycle' })) {
    for (const e of members(body)) {
      const path = attrPath('lifecycle', e.key);
      const where = { address, path };
      const v = e.value;
      if (e.key === 'create_before_destroy' || e.key === 'prevent_destroy') {
        if (v.kind !== 'boolean') dec.error(`lifecycle.${e.key} must be true or false, found ${kindOf(v)}`, v.line, where);
        else if (e.key === 'prevent_destroy') lifecycle.preventDestroy = v.value;
        else lifecycle.createBeforeDestroy = v.value;
      } else if (e.key === 'ignore_changes') lifecycle.ignoreChanges = decodeIgnoreChanges(v, dec, address);
      else if (LIFECYCLE_LATER.includes(e.key)) dec.error(`lifecycle.${e.key} is not supported yet`, e.at.line, where);
      else dec.error(`Unknown lifecycle argument "${e.key}"${suggestion(e.key, LIFECYCLE_KEYS)}`, e.at.line, where);
    }
  }
  return lifecycle;
}

function decodeIgnoreChanges(v: JsonNode, dec: Decoder, address: string): string[] | 'all' {
  const at = { address, path: 'lifecycle.ignore_changes' };
  if (v.kind === 'string' && (v.value === 'all' || v.value === '${all}')) return 'all'; // HCL's bare `all` reads as "${all}
  if (v.kind !== 'array') {
    dec.error(`lifecycle.ignore_changes must be a list of attribute names or "all", found ${v.kind === 'string' ? `"${v.value}"` : kindOf(v)}`, v.line, at);
    return [];
  }
  const names: string[] = [];
  v.items.forEach((item, i) => {
    const where = { address, path: indexPath('lifecycle.ignore_changes', i) };
    const t = item.kind === 'string' ? readReferenceString(item.value) : undefined;
    if (item.kind === 'string' && item.value === 'all') dec.error('lifecycle.ignore_changes: write "all" on its own ("ignore_changes": "all"), not inside a list', item.line, where);
    else if (!t) dec.error(`lifecycle.ignore_changes entries must be attribute names, found ${item.kind === 'string' ? `"${item.value}"` : kindOf(item)}`, item.line, where);
    else if (t.steps.length > 0) dec.error(`lifecycle.ignore_changes supports whole attributes only in this release, not "${item.kind === 'string' ? item.value : ''}"`, item.line, where);
    else names.push(t.root);
  });
  return names;
}

/** `cycloid` or `cycloid.ALIAS` from a resource's `provider` argument. */
export function decodeProviderRef(node: JsonNode, dec: Decoder, address: string): string | undefined {
  const t = node.kind === 'string' ? readReferenceString(node.value) : undefined;
  const step = t?.steps[0];
  if (!t || t.steps.length > 1 || (step && step.kind !== 'attr') || !isName(t.root)) {
    dec.error(`provider must name a provider configuration like "cycloid" or "cycloid.eu", found ${node.kind === 'string' ? `"${node.value}"` : kindOf(node)}`, node.line, { address, path: 'provider' });
    return undefined;
  }
  return step?.kind === 'attr' ? `${t.root}.${step.name}` : t.root;
}
