/** The value of a configuration string known before evaluation: its text when it is not a template. */
import { hasTemplateSyntax, parseTemplate } from './expr/parse-template.js';
import type { Expr } from './types.js';

/** The literal string value of an expression (escapes `$${`/`%%{` resolved), or undefined when it is not a plain string. */
export function literalString(expr: Expr): string | undefined {
  if (typeof expr !== 'string') return undefined;
  return hasTemplateSyntax(expr) ? parseTemplate(expr).literal : expr;
}
