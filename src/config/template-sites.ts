/**
 * The templates of a configuration expression — strings holding `${` or `%{` — with their attribute paths
 * (`rules[0].resources[1]`). Found in one walk per expression and remembered: validation, references and the
 * graph all ask for them, and most values are plain text with no path to build.
 */
import { hasTemplateSyntax } from './expr/parse-template.js';
import { attrPath, indexPath } from './paths.js';
import type { Expr } from './types.js';

export interface TemplateSite {
  text: string;
  path: string;
}

const memo = new WeakMap<object, { path: string; sites: TemplateSite[] }>();

/**
 * What most expressions have: no template at all. Not remembered: the check below finds that again without
 * building anything, cheaper than a memo entry per expression.
 */
const NONE: readonly TemplateSite[] = Object.freeze([]);

/** Whether any string of an expression holds `${` or `%{` (found without building anything). */
export function containsTemplate(e: Expr): boolean {
  if (typeof e === 'string') return hasTemplateSyntax(e);
  if (e === null || typeof e !== 'object') return false;
  if (Array.isArray(e)) {
    for (let i = 0; i < e.length; i++) if (containsTemplate(e[i])) return true;
    return false;
  }
  for (const k in e) if (containsTemplate((e as Record<string, Expr>)[k])) return true;
  return false;
}

export function templateSites(expr: Expr, path = ''): readonly TemplateSite[] {
  if (expr === null || typeof expr !== 'object') return typeof expr === 'string' && hasTemplateSyntax(expr) ? [{ text: expr, path }] : NONE;
  const hit = memo.get(expr);
  if (hit && hit.path === path) return hit.sites;
  if (!containsTemplate(expr)) return NONE;
  const sites: TemplateSite[] = [];
  const steps: Array<string | number> = [];
  const walk = (e: Expr): void => {
    if (typeof e === 'string') {
      if (hasTemplateSyntax(e)) sites.push({ text: e, path: steps.reduce<string>((p, s) => (typeof s === 'number' ? indexPath(p, s) : attrPath(p, s)), path) });
    } else if (Array.isArray(e)) {
      for (let i = 0; i < e.length; i++) {
        steps.push(i);
        walk(e[i]);
        steps.pop();
      }
    } else if (e !== null && typeof e === 'object') {
      for (const k of Object.keys(e)) {
        steps.push(k);
        walk((e as Record<string, Expr>)[k]);
        steps.pop();
      }
    }
  };
  walk(expr);
  memo.set(expr, { path, sites });
  return sites;
}
