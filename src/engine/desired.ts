/**
 * Adapters from the prepared configuration to what the planner and apply consume: one desired resource per
 * instance (count and for_each expanded), evaluated lazily against whatever values the caller resolves
 * references to (planned values during plan, results during apply).
 */
import {
  CanonicalClaims,
  evaluate,
  evaluateOutput,
  evaluateResource,
  moduleScope,
  providerOrganizations,
  resourceDependencies,
  type ModuleContext,
  type ResourceLookup,
} from '../config/index.js';
import type { DesiredOutput, DesiredResource, Resolver } from '../plan/inputs.js';

/** A resolver as the configuration's scopes look resources up: declared but unresolved means "not known yet". */
function lookupFor(ctx: ModuleContext, resolve: Resolver): ResourceLookup {
  return (a) => resolve(a) ?? (ctx.declaredInstance(a) ? 'pending' : undefined);
}

const memo = new WeakMap<ModuleContext, { resources: DesiredResource[]; outputs: DesiredOutput[] }>();

/** The desired resources and outputs of a module, in dependency order (computed once per prepared module). */
export function desiredFromModule(ctx: ModuleContext): { resources: DesiredResource[]; outputs: DesiredOutput[] } {
  let desired = memo.get(ctx);
  if (!desired) {
    desired = computeDesired(ctx);
    memo.set(ctx, desired);
  }
  return desired;
}

function computeDesired(ctx: ModuleContext): { resources: DesiredResource[]; outputs: DesiredOutput[] } {
  const { module, graph } = ctx;
  const byAddress = new Map(module.resources.map((r) => [r.address, r]));
  const outputs = new Map(module.outputs.map((o) => [`output.${o.name}`, o]));
  const resources: DesiredResource[] = [];
  const outs: DesiredOutput[] = [];
  const claims = new CanonicalClaims();
  const orgs = providerOrganizations(module);
  const pendingAll: ResourceLookup = (a) => (ctx.declaredInstance(a) ? 'pending' : undefined);
  // An instance that depends on no resource evaluates the same whatever the resolver: validation's values serve.
  const configured = new Map((ctx.configured?.instances ?? []).filter((i) => i.dependsOn.length === 0).map((i) => [i.address, i.values]));
  for (const node of graph.order) {
    const r = byAddress.get(node);
    if (r) {
      const dependsOn = ctx.instanceDependencies(resourceDependencies(graph, node));
      const sensitive = ctx.sensitiveAttributes(r);
      for (const i of ctx.instancesOf(r)) {
        const org = r.config['organization_canonical'];
        const organization = org === undefined ? undefined : evaluate(org, moduleScope(ctx, pendingAll, i.keys)).value;
        resources.push({
          address: i.address,
          type: r.type,
          name: r.name,
          dependsOn,
          lifecycle: r.lifecycle,
          file: r.source.file,
          source: r.source,
          ...(typeof organization === 'string' ? { organization } : {}),
          ...(sensitive.length > 0 ? { sensitive } : {}),
          evaluate: (resolve) => {
            const known = configured.get(i.address);
            const result = known ? { values: known, diagnostics: [] } : evaluateResource(r, moduleScope(ctx, lookupFor(ctx, resolve), i.keys), i.address, sensitive);
            const dup = claims.claim(i.address, r, result.values, orgs.get(r.provider), sensitive);
            const diagnostics = ctx.redact(dup ? [...result.diagnostics, dup] : result.diagnostics);
            return diagnostics === result.diagnostics ? result : { values: result.values, diagnostics };
          },
        });
      }
      continue;
    }
    const o = outputs.get(node);
    if (o) {
      outs.push({
        name: o.name,
        sensitive: o.sensitive,
        evaluate: (resolve) => {
          const result = evaluateOutput(o, moduleScope(ctx, lookupFor(ctx, resolve)));
          return { value: result.value, diagnostics: ctx.redact(result.diagnostics) };
        },
      });
    }
  }
  return { resources, outputs: outs };
}
