/** `provider` blocks: `{NAME: {settings}}`, or `{NAME: [{alias: "eu", …}, …]}` for several configurations. */
import type { Expr, ProviderConfig } from './types.js';
import { isName, kindOf, members, NAME_RULE, type Decoder } from './decoder.js';
import type { JsonNode } from './json-ast.js';
import { JsonLineIndex } from './json-line-index.js';
import { sortedEntries, toExpr } from './json-to-expr.js';
import { setOwn } from './set-own.js';

export function decodeProviders(node: JsonNode, dec: Decoder): ProviderConfig[] {
  const out: ProviderConfig[] = [];
  for (const body of dec.bodies(node, 'provider')) {
    for (const entry of members(body)) {
      const name = entry.key;
      if (!isName(name)) {
        dec.error(`Invalid provider name "${name}": ${NAME_RULE}`, entry.at.line);
        continue;
      }
      for (const settings of dec.bodies(entry.value, `provider "${name}"`, { address: `provider.${name}` })) {
        const p = decodeProvider(name, settings, dec);
        if (p) out.push(p);
      }
    }
  }
  return out;
}

function decodeProvider(name: string, body: Extract<JsonNode, { kind: 'object' }>, dec: Decoder): ProviderConfig | undefined {
  const config: Record<string, Expr> = {};
  let alias: string | undefined;
  const aliasEntry = body.entries.find((e) => e.key === 'alias');
  if (aliasEntry) {
    const v = aliasEntry.value;
    if (v.kind === 'string' && isName(v.value)) alias = v.value;
    else {
      dec.error(`alias must be a name (${NAME_RULE}), found ${v.kind === 'string' ? `"${v.value}"` : kindOf(v)}`, v.line, { address: `provider.${name}`, path: 'alias' });
      return undefined;
    }
  }
  const address = alias === undefined ? `provider.${name}` : `provider.${name}.${alias}`;
  const seen = new Set<string>();
  for (const e of sortedEntries(members(body))) {
    if (seen.has(e.key)) {
      dec.error(`Duplicate argument "${e.key}"`, e.at.line, { address, path: e.key });
      continue;
    }
    seen.add(e.key);
    if (e.key === 'alias') continue;
    if (e.key === 'version') {
      dec.warning('version in a provider block is deprecated and ignored: set it in terraform.required_providers', e.at.line, { address, path: e.key });
      continue;
    }
    setOwn(config, e.key, toExpr(e.value, e.key, dec, address));
  }
  const p: ProviderConfig = { name, config, source: { file: dec.file, line: body.line, pathLines: new JsonLineIndex(body) } };
  if (alias !== undefined) p.alias = alias;
  return p;
}
