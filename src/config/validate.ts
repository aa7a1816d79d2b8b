/**
 * Validation of a loaded module: every problem reported at once, each with file, line, address and path.
 * Checks each resource against the provider schema and the API's value rules, the providers, references,
 * depends_on, duplicates and reference cycles. Values from templates are checked again after evaluation.
 */
import type { Diagnostic } from '../diagnostics.js';
import { checkDuplicates } from './check-duplicates.js';
import { checkProviders } from './check-providers.js';
import { checkReferences } from './check-references.js';
import { checkResource } from './check-resource.js';
import { templateDiagnostics } from './expr-diagnostic.js';
import { buildGraph } from './graph.js';
import { siteOf } from './site.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { ConfigModule } from './types.js';
import { append } from './append.js';

export function validateModule(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of module.resources) append(out, checkResource(r));
  for (const o of module.outputs) append(out, templateDiagnostics(o.value, 'value', (path) => siteOf(o.source, `output.${o.name}`, path)));
  append(out, checkProviders(module), checkDuplicates(module), checkReferences(module), buildGraph(module).diagnostics);
  return sortDiagnostics(out);
}
