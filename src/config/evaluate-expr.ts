/**
 * Evaluating one configuration expression (JSON whose strings may be templates) through a scope, with each
 * problem reported at the attribute path where it is written.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { UNKNOWN, type Value } from '../values.js';
import { evaluateNode } from './expr/evaluate-node.js';
import { parseTemplate } from './expr/parse-template.js';
import type { Scope } from './expr/scope.js';
import { exprDiagnostic } from './expr-diagnostic.js';
import { attrPath, indexPath } from './paths.js';
import { setOwn } from './set-own.js';
import { siteOf } from './site.js';
import type { Expr, SourceRef } from './types.js';

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

