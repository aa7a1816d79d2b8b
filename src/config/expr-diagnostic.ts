/** Turns an expression problem (an offset in a string) into a diagnostic for the attribute holding the string. */
import { error, type Diagnostic } from '../diagnostics.js';
import type { ExprProblem } from './expr/ast.js';
import { findUnsupported } from './expr/unsupported.js';
import { parseTemplate } from './expr/parse-template.js';
import { shown } from './api-rules.js';
import { templateSites } from './template-sites.js';
import type { Site } from './site.js';
import type { Expr } from './types.js';

export function exprDiagnostic(p: ExprProblem, text: string, site: Site): Diagnostic {
  const where = `in ${shown(text)} at character ${p.pos + 1}`;
  if (p.kind === 'syntax') return error(`Invalid template ${shown(text)}: ${p.summary} at character ${p.pos + 1}`, { ...site, ...(p.detail ? { detail: p.detail } : {}) });
  return error(p.summary, { ...site, detail: p.detail ? `${p.detail} (${where})` : where });
}

/** Syntax errors and not-yet-supported constructs in every template of an expression. */
export function templateDiagnostics(expr: Expr, path: string, siteAt: (path: string) => Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sites = templateSites(expr, path);
  if (sites.length === 0) return out;
  for (const { text, path: p } of sites) {
    const parsed = parseTemplate(text);
    const problems = parsed.node ? findUnsupported(parsed.node) : parsed.problems;
    for (const problem of problems) out.push(exprDiagnostic(problem, text, siteAt(p)));
  }
  return out;
}
