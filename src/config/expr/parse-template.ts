/**
 * Parsing a configuration string as a template, memoised: validation, the graph and evaluation all read the
 * same strings, and most of them are plain text that needs no parse at all.
 */
import type { ExprProblem } from './ast.js';
import { parseTemplateRange, type TemplateNode } from './template.js';

export interface ParsedTemplate {
  /** The string's value when it has no interpolation (escapes `$${`/`%%{` resolved) and no problem. */
  literal?: string;
  /** The template, when it has interpolations. */
  node?: TemplateNode;
  problems: readonly ExprProblem[];
}

const NO_PROBLEMS: readonly ExprProblem[] = Object.freeze([]);

/** True when a configuration string holds `${` or `%{`: only then is it a template to parse. */
export const hasTemplateSyntax = (text: string): boolean => text.includes('{') && (text.includes('${') || text.includes('%{'));

const MAX_CACHED = 100_000;
const cache = new Map<string, ParsedTemplate>();

/** The parsed form of a configuration string. */
export function parseTemplate(text: string): ParsedTemplate {
  if (!hasTemplateSyntax(text)) return { literal: text, problems: NO_PROBLEMS };
  const hit = cache.get(text);
  if (hit) return hit;
  const { node, problems } = parseTemplateRange(text, 0, text.length, false);
  const onlyText = node.parts.every((p) => p.kind === 'literal');
  const parsed: ParsedTemplate =
    problems.length > 0 ? { problems } : onlyText ? { literal: node.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join(''), problems } : { node, problems };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

/** True when the string holds an interpolation or a directive (so its value is known only after evaluation). */
export function isTemplate(text: string): boolean {
  return parseTemplate(text).literal === undefined;
}
