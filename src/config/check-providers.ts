/**
 * Provider configurations and the resources' use of them: only the cycloid provider exists; its settings are
 * checked against the provider block's JSON Schema (check-schema.ts); a resource's `provider = "cycloid.ALIAS"`
 * needs a block with that alias.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { configProblems } from './check-schema.js';
import { suggestion } from './did-you-mean.js';
import { templateDiagnostics } from './expr-diagnostic.js';
import { resourceShape } from './schema-shape.js';
import { siteOf } from './site.js';
import type { ConfigModule } from './types.js';
import { PROVIDER_NAME } from '../provider/schema.js';
import { append } from './append.js';

export function checkProviders(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = new Set<string>();
  for (const p of module.providers) {
    const address = p.alias === undefined ? `provider.${p.name}` : `provider.${p.name}.${p.alias}`;
    const at = (path?: string) => siteOf(p.source, address, path);
    if (p.name !== PROVIDER_NAME) {
      out.push(error(`Unknown provider "${p.name}"${suggestion(p.name, [PROVIDER_NAME]) || `: keyform has only the ${PROVIDER_NAME} provider`}`, at()));
      continue;
    }
    declared.add(p.alias === undefined ? p.name : `${p.name}.${p.alias}`);
    append(out, templateDiagnostics(p.config, '', at));
    for (const problem of configProblems({ kind: 'provider' }, p.config, { extraNames: ['alias'] })) out.push(error(problem.summary, at(problem.path)));
  }
  for (const r of module.resources) {
    if (!resourceShape(r.type)) continue; // an unknown type is reported on its own
    const dot = r.provider.indexOf('.');
    const name = dot < 0 ? r.provider : r.provider.slice(0, dot);
    const alias = dot < 0 ? undefined : r.provider.slice(dot + 1);
    const at = siteOf(r.source, r.address, 'provider');
    if (name !== PROVIDER_NAME) out.push(error(`Resource ${r.address} uses provider "${r.provider}": keyform has only the ${PROVIDER_NAME} provider`, at));
    else if (alias !== undefined && !declared.has(r.provider)) {
      out.push(error(`Provider configuration ${r.provider} is not declared: add a "${PROVIDER_NAME}" provider block with "alias": "${alias}"`, at));
    }
  }
  return out;
}
