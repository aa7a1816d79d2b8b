/**
 * Evaluation: configuration expressions → values, through a scope; resources → desired instances in
 * dependency order. Pure (no I/O). After evaluation, values produced by templates are checked against the
 * schema and the API's rules like literals were during validation (unknown values are skipped).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { isUnknown, UNKNOWN, type Value, type Values } from '../values.js';
import { apiRules, NO_RULES } from './api-rules.js';
import { checkEvaluated } from './check-value.js';
import { evaluateNode } from './expr/evaluate-node.js';
import { setOwn } from './set-own.js';
import { parseTemplate } from './expr/parse-template.js';
import type { Scope } from './expr/scope.js';
import { exprDiagnostic } from './expr-diagnostic.js';
import { buildGraph, outputAddress } from './graph.js';
import { attrPath, indexPath } from './paths.js';
import { resourceShape } from './schema-shape.js';
import { configScope, type InstanceScope } from './scopes.js';
import { siteOf } from './site.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { ConfigModule, DesiredInstance, DesiredOutput, Expr, OutputConfig, ResourceConfig, SourceRef } from './types.js';
import { append } from './append.js';

/** Where an expression is written, for its diagnostics. */
export interface EvalSite {
  source?: SourceRef;
  address?: string;
  /** Attribute path of the expression (`description`); nested values extend it. */
  path?: string;
}

export function evaluate(expr: Expr, scope: Scope, site: EvalSite = {}): { value: Value; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const steps: Array<string | number> = [];
  const path = () => steps.reduce<string>((p, s) => (typeof s === 'number' ? indexPath(p, s) : attrPath(p, s)), site.path ?? '');
  const at = () => (site.source ? siteOf(site.source, site.address, path()) : { ...(site.address ? { address: site.address } : {}), ...(path() ? { path: path() } : {}) });
  const walk = (e: Expr): Value => {
    if (typeof e === 'string') {
      const parsed = parseTemplate(e);
      if (parsed.literal !== undefined) return parsed.literal;
      if (!parsed.node) {
        for (const p of parsed.problems) diagnostics.push(exprDiagnostic(p, e, at()));
        return UNKNOWN;
      }
      return evaluateNode(parsed.node, scope, (p) => diagnostics.push(exprDiagnostic(p, e, at())));
    }
    if (e === null || typeof e === 'number' || typeof e === 'boolean') return e;
    if (Array.isArray(e)) {
      const out: Value[] = new Array<Value>(e.length);
      for (let i = 0; i < e.length; i++) {
        steps.push(i);
        out[i] = walk(e[i]);
        steps.pop();
      }
      return out;
    }
    if (typeof e === 'object') {
      const out: Record<string, Value> = {};
      for (const k of Object.keys(e)) {
        steps.push(k);
        setOwn(out, k, walk((e as Record<string, Expr>)[k]));
        steps.pop();
      }
      return out;
    }
    diagnostics.push(error(`Not a configuration value: ${typeof e}`, at()));
    return UNKNOWN;
  };
  return { value: walk(expr), diagnostics };
}

/** A resource's attribute values, with type and API-rule checks of what templates produced. */
export function evaluateResource(r: ResourceConfig, scope: Scope): { values: Values; diagnostics: Diagnostic[] } {
  const values: Values = {};
  const diagnostics: Diagnostic[] = [];
  const shape = resourceShape(r.type);
  const report = (summary: string, path: string) => diagnostics.push(error(summary, siteOf(r.source, r.address, path)));
  for (const [k, e] of Object.entries(r.config)) {
    const path = attrPath('', k);
    const result = evaluate(e, scope, { source: r.source, address: r.address, path });
    setOwn(values, k, result.value);
    append(diagnostics, result.diagnostics);
    const attribute = shape?.attributes.get(k);
    if (attribute && !isUnknown(result.value)) {
      const rules = apiRules(r.type);
      checkEvaluated(attribute.shape, e, result.value, path, { report, rules }, rules.children.get(k) ?? NO_RULES);
    }
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
 * Every resource and output evaluated in dependency order. Call it on a module that validated without errors:
 * it reports evaluation problems, not what validation reports (duplicates are skipped, cycles broken).
 */
export function desiredInstances(module: ConfigModule, scope: InstanceScope = configScope(module)): Desired {
  const graph = buildGraph(module);
  const resources = new Map<string, ResourceConfig>();
  for (const r of module.resources) if (!resources.has(r.address)) resources.set(r.address, r);
  const outputs = new Map<string, OutputConfig>();
  for (const o of module.outputs) if (!outputs.has(outputAddress(o.name))) outputs.set(outputAddress(o.name), o);
  const result: Desired = { instances: [], outputs: [], diagnostics: [] };
  for (const node of graph.order) {
    const dependsOn = [...(graph.edges.get(node) ?? [])].sort();
    const r = resources.get(node);
    if (r) {
      const { values, diagnostics } = evaluateResource(r, scope);
      const instance: DesiredInstance = { address: r.address, type: r.type, name: r.name, values, dependsOn, lifecycle: r.lifecycle, provider: r.provider, source: r.source };
      result.instances.push(instance);
      append(result.diagnostics, diagnostics);
      scope.instanceEvaluated?.(instance);
      continue;
    }
    const o = outputs.get(node);
    if (!o) continue;
    const { value, diagnostics } = evaluateOutput(o, scope);
    const output: DesiredOutput = { name: o.name, value, sensitive: o.sensitive, dependsOn, source: o.source };
    if (o.description !== undefined) output.description = o.description;
    result.outputs.push(output);
    append(result.diagnostics, diagnostics);
  }
  result.diagnostics = sortDiagnostics(result.diagnostics);
  return result;
}
