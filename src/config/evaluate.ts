/**
 * Evaluation: configuration expressions → values, through a scope; resources → desired instances in
 * dependency order. Pure (no I/O). Evaluated resource instances and provider settings are checked against their
 * JSON Schemas (check-schema.ts), as literals were during validation; values unknown until apply are not judged.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { isUnknown, UNKNOWN, type Value, type Values } from '../values.js';
import { needsValueCheck, valueProblems } from './check-schema.js';
import { setOwn } from './set-own.js';
import type { Scope } from './expr/scope.js';
import { evaluate } from './evaluate-expr.js';
import { outputAddress, resourceDependencies } from './graph.js';
import { attrPath } from './paths.js';
import { resourceShape } from './schema-shape.js';
import { PROVIDER_NAME } from '../provider/schema.js';
import { moduleScope, type ResourceLookup } from './scopes.js';
import { siteOf } from './site.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { DesiredInstance, DesiredOutput, Expr, OutputConfig, ProviderConfig, ResourceConfig, SourceRef } from './types.js';
import type { ModuleContext } from './context.js';
import { CanonicalClaims } from './instance-canonicals.js';
import { providerOrganizations } from './check-duplicates.js';
import { append } from './append.js';

export { evaluate, type EvalSite } from './evaluate-expr.js';

/**
 * A resource's attribute values, checked against its JSON Schema (values unknown until apply are not judged; the
 * values of `sensitive` attributes are not shown in messages).
 */
export function evaluateResource(r: ResourceConfig, scope: Scope, address = r.address, sensitive: readonly string[] = []): { values: Values; diagnostics: Diagnostic[] } {
  const { values, diagnostics } = evaluateAttributes(r.config, scope, r.source, address);
  if (resourceShape(r.type) && needsValueCheck(r.config)) {
    for (const p of valueProblems({ kind: 'resource', type: r.type }, values, { sensitive })) diagnostics.push(error(p.summary, siteOf(r.source, address, p.path)));
  }
  return { values, diagnostics: sortDiagnostics(diagnostics) };
}

/** The problems of a provider block's settings once evaluated: evaluation's, and its JSON Schema's. */
export function evaluateProvider(p: ProviderConfig, scope: Scope): Diagnostic[] {
  if (!needsValueCheck(p.config)) return []; // all literal: validation checked them as written
  const address = p.alias === undefined ? `provider.${p.name}` : `provider.${p.name}.${p.alias}`;
  const { values, diagnostics } = evaluateAttributes(p.config, scope, p.source, address);
  for (const problem of valueProblems({ kind: 'provider' }, values)) diagnostics.push(error(problem.summary, siteOf(p.source, address, problem.path)));
  return diagnostics;
}

function evaluateAttributes(config: Record<string, Expr>, scope: Scope, source: SourceRef, address: string): { values: Values; diagnostics: Diagnostic[] } {
  const values: Values = {};
  const diagnostics: Diagnostic[] = [];
  for (const [k, e] of Object.entries(config)) {
    const result = evaluate(e, scope, { source, address, path: attrPath('', k) });
    setOwn(values, k, result.value);
    append(diagnostics, result.diagnostics);
  }
  return { values, diagnostics };
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
  // One scope serves the provider, the outputs and every instance without count.index or each.* (most of them).
  const plainScope = moduleScope(ctx, lookup);
  for (const p of module.providers) if (p.name === PROVIDER_NAME) append(result.diagnostics, evaluateProvider(p, plainScope));
  for (const node of graph.order) {
    const r = resources.get(node);
    if (r) {
      const dependsOn = ctx.instanceDependencies(resourceDependencies(graph, node));
      const sensitive = ctx.sensitiveAttributes(r);
      for (const i of ctx.instancesOf(r)) {
        const scope = i.keys.count === undefined && i.keys.each === undefined ? plainScope : moduleScope(ctx, lookup, i.keys);
        const { values, diagnostics } = evaluateResource(r, scope, i.address, sensitive);
        const instance: DesiredInstance = { address: i.address, type: r.type, name: r.name, values, dependsOn, lifecycle: r.lifecycle, provider: r.provider, source: r.source };
        if (i.key !== undefined) instance.key = i.key;
        if (sensitive.length > 0) instance.sensitive = sensitive;
        result.instances.push(instance);
        append(result.diagnostics, diagnostics);
        const dup = claims.claim(i.address, r, values, orgs.get(r.provider), sensitive);
        if (dup) result.diagnostics.push(dup);
        evaluated.set(i.address, values);
      }
      continue;
    }
    const o = outputs.get(node);
    if (!o) continue;
    const { value, diagnostics } = evaluateOutput(o, plainScope);
    const output: DesiredOutput = { name: o.name, value, sensitive: o.sensitive, dependsOn: ctx.instanceDependencies(resourceDependencies(graph, node)), source: o.source };
    if (o.description !== undefined) output.description = o.description;
    result.outputs.push(output);
    append(result.diagnostics, diagnostics);
  }
  result.diagnostics = sortDiagnostics(result.diagnostics);
  return result;
}
