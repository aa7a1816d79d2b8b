/**
 * Evaluation: configuration expressions → values, through a scope; resources → desired instances in
 * dependency order. Pure (no I/O). After evaluation, values produced by templates are checked against the
 * schema and the API's rules like literals were during validation (unknown values are skipped).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { isUnknown, UNKNOWN, type Value, type Values } from '../values.js';
import { apiRules, NO_RULES } from './api-rules.js';
import { checkEvaluated } from './check-value.js';
import { setOwn } from './set-own.js';
import type { Scope } from './expr/scope.js';
import { evaluate } from './evaluate-expr.js';
import { outputAddress, resourceDependencies } from './graph.js';
import { attrPath } from './paths.js';
import { resourceShape } from './schema-shape.js';
import { moduleScope, type ResourceLookup } from './scopes.js';
import { siteOf } from './site.js';
import { containsTemplate } from './template-sites.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { DesiredInstance, DesiredOutput, OutputConfig, ResourceConfig } from './types.js';
import type { ModuleContext } from './context.js';
import { CanonicalClaims } from './instance-canonicals.js';
import { providerOrganizations } from './check-duplicates.js';
import { append } from './append.js';

export { evaluate, type EvalSite } from './evaluate-expr.js';

/** A resource's attribute values, with type and API-rule checks of what templates produced. */
export function evaluateResource(r: ResourceConfig, scope: Scope, address = r.address): { values: Values; diagnostics: Diagnostic[] } {
  const values: Values = {};
  const diagnostics: Diagnostic[] = [];
  const shape = resourceShape(r.type);
  const rules = shape ? apiRules(r.type) : NO_RULES;
  const report = (summary: string, path: string) => diagnostics.push(error(summary, siteOf(r.source, address, path)));
  const ctx = { report, rules };
  for (const k of Object.keys(r.config)) {
    const e = r.config[k];
    const path = attrPath('', k);
    const result = evaluate(e, scope, { source: r.source, address, path });
    setOwn(values, k, result.value);
    append(diagnostics, result.diagnostics);
    const attribute = shape?.attributes.get(k);
    // Only what templates produced is checked again (literals were checked by validation): none, none to check.
    if (attribute && !isUnknown(result.value) && containsTemplate(e)) checkEvaluated(attribute.shape, e, result.value, path, ctx, rules.children.get(k) ?? NO_RULES);
  }
  return { values, diagnostics: sortDiagnostics(diagnostics) };
}

export function evaluateOutput(o: OutputConfig, scope: Scope): { value: Value; diagnostics: Diagnostic[] } {
  return evaluate(o.value, scope, { source: o.source, address: outputAddress(o.name), path: 'value' });
}

export interface Desired {
  /** In dependency order. */
  instances: DesiredInstance[];
  outputs: DesiredOutput[];
  diagnostics: Diagnostic[];
}

/**
 * Every instance and output of a prepared module evaluated in dependency order, resources answering with their
 * configured values (what validation checks). Call it on a module that validated without errors: it reports
 * evaluation problems, not what validation reports (duplicates are skipped, cycles broken).
 */
export function desiredInstances(ctx: ModuleContext): Desired {
  const { module, graph } = ctx;
  const resources = new Map<string, ResourceConfig>();
  for (const r of module.resources) if (!resources.has(r.address)) resources.set(r.address, r);
  const outputs = new Map<string, OutputConfig>();
  for (const o of module.outputs) if (!outputs.has(outputAddress(o.name))) outputs.set(outputAddress(o.name), o);
  const result: Desired = { instances: [], outputs: [], diagnostics: [] };
  const evaluated = new Map<string, Values>();
  const lookup: ResourceLookup = (a) => evaluated.get(a) ?? (ctx.declaredInstance(a) ? 'pending' : undefined);
  const claims = new CanonicalClaims();
  const orgs = providerOrganizations(module);
  // One scope serves every instance without count.index or each.* (most of them).
  const plainScope = moduleScope(ctx, lookup);
  for (const node of graph.order) {
    const r = resources.get(node);
    if (r) {
      const dependsOn = ctx.instanceDependencies(resourceDependencies(graph, node));
      for (const i of ctx.instancesOf(r)) {
        const scope = i.keys.count === undefined && i.keys.each === undefined ? plainScope : moduleScope(ctx, lookup, i.keys);
        const { values, diagnostics } = evaluateResource(r, scope, i.address);
        const instance: DesiredInstance = { address: i.address, type: r.type, name: r.name, values, dependsOn, lifecycle: r.lifecycle, provider: r.provider, source: r.source };
        if (i.key !== undefined) instance.key = i.key;
        result.instances.push(instance);
        append(result.diagnostics, diagnostics);
        const dup = claims.claim(i.address, r, values, orgs.get(r.provider));
        if (dup) result.diagnostics.push(dup);
        evaluated.set(i.address, values);
      }
      continue;
    }
    const o = outputs.get(node);
    if (!o) continue;
    const { value, diagnostics } = evaluateOutput(o, moduleScope(ctx, lookup));
    const output: DesiredOutput = { name: o.name, value, sensitive: o.sensitive, dependsOn: ctx.instanceDependencies(resourceDependencies(graph, node)), source: o.source };
    if (o.description !== undefined) output.description = o.description;
    result.outputs.push(output);
    append(result.diagnostics, diagnostics);
  }
  result.diagnostics = sortDiagnostics(result.diagnostics);
  return result;
}
