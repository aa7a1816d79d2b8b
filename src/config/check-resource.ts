/**
 * Checks of one resource on its own: a known type, attributes against its JSON Schema with the API's value rules
 * (as far as they are literal: check-schema.ts), a canonical derivable from the name, lifecycle.ignore_changes
 * names, templates.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { derivedCanonical, shown } from './api-rules.js';
import { configProblems } from './check-schema.js';
import { suggestion } from './did-you-mean.js';
import { templateDiagnostics } from './expr-diagnostic.js';
import { literalString } from './literal-string.js';
import { knownResourceTypes, resourceShape } from './schema-shape.js';
import { siteOf } from './site.js';
import type { ResourceConfig } from './types.js';
import { append } from './append.js';

/** Meta-argument names, suggested for a mistyped attribute. */
export const META_ARGUMENTS = ['depends_on', 'lifecycle', 'provider', 'count', 'for_each'];

export function checkResource(r: ResourceConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path?: string) => siteOf(r.source, r.address, path);
  append(out, templateDiagnostics(r.config, '', at));
  const shape = resourceShape(r.type);
  if (!shape) {
    const hint = suggestion(r.type, knownResourceTypes()) || `; keyform manages ${knownResourceTypes().join(', ')}`;
    out.push(error(`Unknown resource type "${r.type}"${hint}`, at()));
    return out;
  }
  const report = (summary: string, path: string) => out.push(error(summary, at(path)));
  for (const p of configProblems({ kind: 'resource', type: r.type }, r.config, { extraNames: META_ARGUMENTS })) report(p.summary, p.path);
  const name = literalString(r.config['name']);
  const canonicalSet = r.config['canonical'] !== undefined && r.config['canonical'] !== null;
  if (r.type === 'cycloid_organization_api_key' && !canonicalSet && name !== undefined && name.length >= 3) {
    const derived = derivedCanonical(name);
    if (derived.problem) {
      report(`Cannot derive a canonical from name ${shown(name)} (it gives ${shown(derived.canonical)}): set canonical explicitly; ${derived.problem}`, 'name');
    }
  }
  if (r.lifecycle.ignoreChanges !== 'all') {
    r.lifecycle.ignoreChanges.forEach((n, i) => {
      if (!shape.attributes.has(n)) report(`lifecycle.ignore_changes names unknown attribute "${n}"${suggestion(n, shape.attributes.keys())}`, `lifecycle.ignore_changes[${i}]`);
    });
  }
  return out;
}
