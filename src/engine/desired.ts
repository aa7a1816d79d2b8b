/** Adapters from the evaluated configuration to what the planner and apply consume. */
import { addressScope, buildGraph, evaluateOutput, evaluateResource } from '../config/index.js';
import type { ConfigModule } from '../config/types.js';
import type { DesiredOutput, DesiredResource } from '../plan/inputs.js';

const memo = new WeakMap<ConfigModule, { resources: DesiredResource[]; outputs: DesiredOutput[] }>();

/** The desired resources and outputs of a module, in dependency order (computed once per module: it is not changed after loading). */
export function desiredFromModule(module: ConfigModule): { resources: DesiredResource[]; outputs: DesiredOutput[] } {
  let desired = memo.get(module);
  if (!desired) {
    desired = computeDesired(module);
    memo.set(module, desired);
  }
  return desired;
}

function computeDesired(module: ConfigModule): { resources: DesiredResource[]; outputs: DesiredOutput[] } {
  const graph = buildGraph(module);
  const byAddress = new Map(module.resources.map((r) => [r.address, r]));
  const outputs = new Map(module.outputs.map((o) => [`output.${o.name}`, o]));
  const resources: DesiredResource[] = [];
  const outs: DesiredOutput[] = [];
  for (const node of graph.order) {
    const r = byAddress.get(node);
    if (r) {
      resources.push({
        address: r.address,
        type: r.type,
        name: r.name,
        dependsOn: [...(graph.edges.get(node) ?? [])].sort(),
        lifecycle: r.lifecycle,
        file: r.source.file,
        evaluate: (resolve) => evaluateResource(r, addressScope(resolve)),
      });
      continue;
    }
    const o = outputs.get(node);
    if (o) outs.push({ name: o.name, sensitive: o.sensitive, evaluate: (resolve) => evaluateOutput(o, addressScope(resolve)) });
  }
  return { resources, outputs: outs };
}
