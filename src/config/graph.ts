/**
 * The dependency graph of a module: a node per resource (`type.name`), local value (`local.NAME`) and output
 * (`output.NAME`), an edge to each resource or local it references or names in depends_on. The order is topological (dependencies first) and
 * stable (declaration order breaks ties); every cycle is reported with its path, `a → b → a`.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { referencedAddresses } from './references.js';
import type { ConfigModule, LocalConfig, OutputConfig, ResourceConfig } from './types.js';

export interface Graph {
  /** Every node, dependencies before dependents. */
  order: string[];
  /** Node → the nodes it depends on directly (declared resources only). */
  edges: Map<string, ReadonlySet<string>>;
  diagnostics: Diagnostic[];
}

export const outputAddress = (name: string): string => `output.${name}`;

const memo = new WeakMap<ConfigModule, Graph>();

/** The graph of a module (computed once per module: a loaded module is not changed afterwards). */
export function buildGraph(module: ConfigModule): Graph {
  let graph = memo.get(module);
  if (!graph) {
    graph = computeGraph(module);
    memo.set(module, graph);
  }
  return { order: graph.order, edges: graph.edges, diagnostics: [...graph.diagnostics] };
}

/**
 * The resources a node depends on, directly or through local values, sorted: what an instance must wait for.
 */
export function resourceDependencies(graph: Pick<Graph, 'edges'>, node: string): string[] {
  const direct = graph.edges.get(node);
  if (direct === undefined || direct.size === 0) return [];
  const out = new Set<string>();
  const seen = new Set<string>([node]);
  const stack = [...direct];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.startsWith('local.')) stack.push(...(graph.edges.get(n) ?? []));
    else out.add(n);
  }
  return [...out].sort();
}

/** The edges of a node that depends on nothing (most of them), shared. */
const NO_EDGES: ReadonlySet<string> = new Set();

function computeGraph(module: ConfigModule): Graph {
  const decls = new Map<string, ResourceConfig | OutputConfig | LocalConfig>();
  for (const l of module.locals) if (!decls.has(`local.${l.name}`)) decls.set(`local.${l.name}`, l);
  for (const r of module.resources) if (!decls.has(r.address)) decls.set(r.address, r);
  const targets = new Set(decls.keys());
  for (const o of module.outputs) if (!decls.has(outputAddress(o.name))) decls.set(outputAddress(o.name), o);
  const edges = new Map<string, ReadonlySet<string>>();
  for (const [node, decl] of decls) {
    const referenced = referencedAddresses(decl);
    if (referenced.length === 0) {
      edges.set(node, NO_EDGES);
      continue;
    }
    const deps = new Set<string>();
    for (const a of referenced) if (targets.has(a)) deps.add(a);
    edges.set(node, deps);
  }
  const { order, cycles } = topologicalOrder([...decls.keys()], edges);
  const diagnostics = cycles.map((cycle) => {
    const first = decls.get(cycle[0]!)!;
    const extra: Omit<Diagnostic, 'severity' | 'summary'> = { file: first.source.file, address: cycle[0]! };
    if (first.source.line !== undefined) extra.line = first.source.line;
    return error(`Cycle: ${[...cycle, cycle[0]].join(' → ')}`, extra);
  });
  return { order, edges, diagnostics };
}

/**
 * Depth-first post-order from each node in declaration order, without recursion (a chain of 10,000 resources
 * must not overflow the stack). A back edge closes a cycle: its members are reported once, starting from the
 * member declared first.
 */
function topologicalOrder(nodes: string[], edges: ReadonlyMap<string, ReadonlySet<string>>): { order: string[]; cycles: string[][] } {
  let rank: Map<string, number> | undefined;
  const state = new Map<string, 'active' | 'done'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const seenCycles = new Set<string>();
  for (const start of nodes) {
    if (state.has(start)) continue;
    if (edges.get(start)!.size === 0) {
      state.set(start, 'done');
      order.push(start);
      continue;
    }
    const stack: Array<{ node: string; next: Iterator<string> }> = [{ node: start, next: edges.get(start)!.values() }];
    const onPath: string[] = [start];
    state.set(start, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top.next.next();
      if (step.done) {
        stack.pop();
        onPath.pop();
        state.set(top.node, 'done');
        order.push(top.node);
        continue;
      }
      const dep = step.value;
      const s = state.get(dep);
      if (s === 'active') {
        rank ??= new Map(nodes.map((n, i) => [n, i]));
        const cycle = rotate(onPath.slice(onPath.lastIndexOf(dep)), rank);
        const key = cycle.join('\n');
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        state.set(dep, 'active');
        onPath.push(dep);
        stack.push({ node: dep, next: edges.get(dep)!.values() });
      }
    }
  }
  return { order, cycles };
}

/** The cycle starting from its member declared first, so one cycle always reads the same. */
function rotate(cycle: string[], rank: ReadonlyMap<string, number>): string[] {
  let best = 0;
  cycle.forEach((n, i) => {
    if (rank.get(n)! < rank.get(cycle[best]!)!) best = i;
  });
  return [...cycle.slice(best), ...cycle.slice(0, best)];
}
