/**
 * Checks values against a schema shape: types (no implicit conversion), unknown attributes (with a
 * suggestion), computed-only attributes set, required attributes missing, and the API's value rules.
 * `checkValue` checks what it is given — in `config` mode strings are templates, and a template (its value
 * not known yet) is skipped; `checkEvaluated` re-checks after evaluation only what templates produced, so
 * nothing is reported twice. Paths are built only for problems.
 */
import { isUnknown, type Value } from '../values.js';
import { shown, type RuleTree } from './api-rules.js';
import { suggestion } from './did-you-mean.js';
import { parseTemplate } from './expr/parse-template.js';
import { attrPath, indexPath } from './paths.js';
import { describeShape, type Shape } from './schema-shape.js';
import type { Expr } from './types.js';

export interface CheckContext {
  report(summary: string, path: string): void;
  /** The value rules along the schema. */
  rules: RuleTree;
  /** Names also suggested for an unknown top-level attribute (meta-arguments). */
  extraNames?: readonly string[];
}

const NO_CHILDREN: RuleTree = { label: 'value', children: new Map() };

class Checker {
  private readonly steps: Array<string | number> = [];
  constructor(
    private readonly ctx: CheckContext,
    private readonly base: string,
    private readonly config: boolean,
  ) {}

  private path(key?: string): string {
    let p = this.base;
    for (const s of this.steps) p = typeof s === 'number' ? indexPath(p, s) : attrPath(p, s);
    return key === undefined ? p : attrPath(p, key);
  }

  check(shape: Shape, raw: unknown, rules: RuleTree): void {
    if (raw === null || raw === undefined || isUnknown(raw)) return;
    let value = raw;
    if (this.config && typeof raw === 'string') {
      const literal = parseTemplate(raw).literal;
      if (literal === undefined) return; // a template: checked once evaluated
      value = literal;
    }
    switch (shape.kind) {
      case 'dynamic':
        return;
      case 'string': {
        if (typeof value !== 'string') return this.wrong(shape, value);
        const problem = rules.rule?.(value);
        if (problem) this.ctx.report(`Invalid ${rules.label} ${shown(value)}: ${problem}`, this.path());
        return;
      }
      case 'number':
      case 'bool':
        if (typeof value !== (shape.kind === 'bool' ? 'boolean' : 'number')) this.wrong(shape, value);
        return;
      case 'list':
      case 'set': {
        if (!Array.isArray(value)) return this.wrong(shape, value);
        const inner = rules.children.get('[]') ?? NO_CHILDREN;
        for (let i = 0; i < value.length; i++) {
          this.steps.push(i);
          this.check(shape.element, value[i], inner);
          this.steps.pop();
        }
        return;
      }
      case 'map': {
        if (!isObject(value)) return this.wrong(shape, value);
        const inner = rules.children.get('[]') ?? NO_CHILDREN;
        for (const k of Object.keys(value)) {
          this.steps.push(k);
          this.check(shape.element, value[k], inner);
          this.steps.pop();
        }
        return;
      }
      case 'object':
        if (!isObject(value)) return this.wrong(shape, value);
        this.object(shape, value, rules);
    }
  }

  private object(shape: Extract<Shape, { kind: 'object' }>, value: Record<string, unknown>, rules: RuleTree): void {
    const top = this.steps.length === 0 && this.base === '';
    const where = () => (top ? '' : ` in ${this.path()}`);
    for (const k of Object.keys(value)) {
      const a = shape.attributes.get(k);
      const v = value[k];
      if (!a) {
        const names = top ? [...shape.settable, ...(this.ctx.extraNames ?? [])] : shape.settable;
        this.ctx.report(`Unknown attribute "${k}"${where()}${suggestion(k, names)}`, this.path(k));
      } else if (a.computed && !a.optional && !a.required) {
        if (v !== null) this.ctx.report(`"${k}" is computed by the provider and cannot be set`, this.path(k));
      } else {
        this.steps.push(k);
        this.check(a.shape, v, rules.children.get(k) ?? NO_CHILDREN);
        this.steps.pop();
      }
    }
    for (const k of shape.required) {
      if (!Object.hasOwn(value, k)) this.ctx.report(`Missing required attribute "${k}"${where()}`, this.path(k));
      else if (value[k] === null) this.ctx.report(`Attribute "${k}" is required and cannot be null`, this.path(k));
    }
  }

  private wrong(shape: Shape, value: unknown): void {
    const hint = (shape.kind === 'list' || shape.kind === 'set') && isObject(value) ? ' (write one object as a list of one: [{…}])' : '';
    const path = this.path();
    this.ctx.report(`Wrong type for ${path}: expected ${describeShape(shape)}, found ${describeValue(value as Value)}${hint}`, path);
  }

  /** Walks the configured structure beside its evaluated value; checks in full what each template produced. */
  evaluated(shape: Shape, expr: Expr, value: Value, rules: RuleTree): void {
    if (typeof expr === 'string') {
      if (parseTemplate(expr).literal === undefined) new Checker(this.ctx, this.path(), false).check(shape, value, rules);
      return;
    }
    if (Array.isArray(expr) && Array.isArray(value) && (shape.kind === 'list' || shape.kind === 'set')) {
      const inner = rules.children.get('[]') ?? NO_CHILDREN;
      for (let i = 0; i < expr.length; i++) {
        this.steps.push(i);
        this.evaluated(shape.element, expr[i], value[i] ?? null, inner);
        this.steps.pop();
      }
    } else if (isObject(expr) && isObject(value) && (shape.kind === 'object' || shape.kind === 'map')) {
      for (const k of Object.keys(expr)) {
        const inner = shape.kind === 'object' ? shape.attributes.get(k)?.shape : shape.element;
        if (!inner || !Object.hasOwn(value, k)) continue;
        this.steps.push(k);
        this.evaluated(inner, expr[k], value[k] as Value, rules.children.get(shape.kind === 'object' ? k : '[]') ?? NO_CHILDREN);
        this.steps.pop();
      }
    }
  }
}

/** Checks a configured expression (`config`: templates skipped) or an evaluated value at `path`. */
export function checkValue(shape: Shape, value: unknown, path: string, ctx: CheckContext, mode: 'config' | 'value' = 'value'): void {
  new Checker(ctx, path, mode === 'config').check(shape, value, ctx.rules);
}

/** After evaluation: checks in full each value a template produced, at its place in the configured structure. */
export function checkEvaluated(shape: Shape, expr: Expr, value: Value, path: string, ctx: CheckContext, rules: RuleTree = ctx.rules): void {
  new Checker(ctx, path, false).evaluated(shape, expr, value, rules);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);

/** `a string`, `a number`, … */
export function describeValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'boolean' ? 'a bool' : `a ${typeof v}`;
}
