/**
 * Evaluating one configuration expression (JSON whose strings may be templates) through a scope, with each
 * problem reported at the attribute path where it is written.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { UNKNOWN, type Value } from '../values.js';
import { evaluateNode } from './expr/evaluate-node.js';
import { hasTemplateSyntax, parseTemplate } from './expr/parse-template.js';
import type { Scope } from './expr/scope.js';
import { exprDiagnostic } from './expr-diagnostic.js';
import { attrPath, indexPath } from './paths.js';
import { setOwn } from './set-own.js';
import { siteOf, type Site } from './site.js';
import type { Expr, SourceRef } from './types.js';

/** Where an expression is written, for its diagnostics. */
export interface EvalSite {
  source?: SourceRef;
  address?: string;
  /** Attribute path of the expression (`description`); nested values extend it. */
  path?: string;
}

export function evaluate(expr: Expr, scope: Scope, site: EvalSite = {}): { value: Value; diagnostics: Diagnostic[] } {
  // Plain values (no string holding a template) are most of a configuration: walked without building anything
  // but the copy. Paths are built only for a problem.
  const walk = new Walk(scope, site);
  return { value: walk.value(expr), diagnostics: walk.diagnostics };
}

class Walk {
  readonly diagnostics: Diagnostic[] = [];
  private readonly steps: Array<string | number> = [];

  constructor(
    private readonly scope: Scope,
    private readonly site: EvalSite,
  ) {}

  value(e: Expr): Value {
    if (typeof e === 'string') return hasTemplateSyntax(e) ? this.template(e) : e;
    if (e === null || typeof e === 'number' || typeof e === 'boolean') return e;
    const steps = this.steps;
    if (Array.isArray(e)) {
      const out: Value[] = new Array<Value>(e.length);
      for (let i = 0; i < e.length; i++) {
        steps.push(i);
        out[i] = this.value(e[i]);
        steps.pop();
      }
      return out;
    }
    if (typeof e === 'object') {
      const out: Record<string, Value> = {};
      for (const k of Object.keys(e)) {
        steps.push(k);
        setOwn(out, k, this.value((e as Record<string, Expr>)[k]));
        steps.pop();
      }
      return out;
    }
    this.diagnostics.push(error(`Not a configuration value: ${typeof e}`, this.at()));
    return UNKNOWN;
  }

  private template(e: string): Value {
    const parsed = parseTemplate(e);
    if (parsed.literal !== undefined) return parsed.literal;
    if (!parsed.node) {
      for (const p of parsed.problems) this.diagnostics.push(exprDiagnostic(p, e, this.at()));
      return UNKNOWN;
    }
    return evaluateNode(parsed.node, this.scope, (p) => this.diagnostics.push(exprDiagnostic(p, e, this.at())));
  }

  private path(): string {
    let p = this.site.path ?? '';
    for (const s of this.steps) p = typeof s === 'number' ? indexPath(p, s) : attrPath(p, s);
    return p;
  }

  private at(): Site {
    const { source, address } = this.site;
    const path = this.path();
    return source ? siteOf(source, address, path) : { ...(address ? { address } : {}), ...(path ? { path } : {}) };
  }
}
