/**
 * A string that names something rather than computing a value — `depends_on` entries, a resource's
 * `provider` — written bare (`cycloid_organization_api_key.ci`, as CDKTF does) or as a template of one
 * interpolation (`${cycloid_organization_api_key.ci}`).
 */
import type { Traversal } from './expr/ast.js';
import { parseTemplate } from './expr/parse-template.js';
import { parseExpression } from './expr/parser.js';
import { tokenize } from './expr/tokenizer.js';

export function readReferenceString(text: string): Traversal | undefined {
  if (text.includes('${')) {
    const parsed = parseTemplate(text);
    const parts = parsed.node?.parts ?? [];
    const only = parts[0];
    return parts.length === 1 && only?.kind === 'interpolation' && only.expr.kind === 'traversal' ? only.expr.traversal : undefined;
  }
  const lexed = tokenize(text, 0, 'whole');
  if (lexed.problem) return undefined;
  const parsed = parseExpression(lexed.tokens, text);
  return 'node' in parsed && parsed.node.kind === 'traversal' ? parsed.node.traversal : undefined;
}
