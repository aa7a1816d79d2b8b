/**
 * References between declarations: every traversal must name a declared resource and an attribute its schema
 * has; depends_on must name declared resources; an output that shows a sensitive attribute must be sensitive.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import type { Step } from './expr/ast.js';
import { suggestion } from './did-you-mean.js';
import { rootProblem } from './reference-roots.js';
import { declarationReferences } from './references.js';
import { describeShape, resourceShape, type Shape } from './schema-shape.js';
import { siteOf } from './site.js';
import type { ConfigModule, OutputConfig, ResourceConfig } from './types.js';

export function checkReferences(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byAddress = new Map<string, ResourceConfig>();
  for (const r of module.resources) if (!byAddress.has(r.address)) byAddress.set(r.address, r);
  const decls: Array<{ decl: ResourceConfig | OutputConfig; address: string }> = [
    ...module.resources.map((r) => ({ decl: r, address: r.address })),
    ...module.outputs.map((o) => ({ decl: o, address: `output.${o.name}` })),
  ];
  for (const { decl, address } of decls) {
    const at = (path?: string) => siteOf(decl.source, address, path);
    for (const ref of declarationReferences(decl)) {
      const problem = rootProblem(ref.traversal);
      if (problem) {
        out.push(error(problem, at(ref.path)));
        continue;
      }
      const target = ref.address!;
      const resource = byAddress.get(target);
      if (!resource) {
        out.push(error(`Reference to undeclared resource "${target}"${suggestion(target, byAddress.keys())}`, at(ref.path)));
        continue;
      }
      const shape = resourceShape(resource.type);
      const steps = ref.traversal.steps;
      const stepProblem = shape && steps.length > 1 ? checkSteps(shape, steps, target, 1) : undefined;
      if (stepProblem) out.push(error(stepProblem, at(ref.path)));
      else if (shape && !('config' in decl) && !decl.sensitive) {
        const first = steps[1];
        const shown = first === undefined ? [...shape.attributes].filter(([, a]) => a.sensitive).map(([k]) => k)[0] : first.kind === 'attr' && shape.attributes.get(first.name)?.sensitive ? first.name : undefined;
        if (shown !== undefined) out.push(error(`Output "${decl.name}" shows a sensitive value (${target}.${shown}): set "sensitive": true`, at(ref.path)));
      }
    }
    decl.dependsOn.forEach((dep, i) => {
      if (!byAddress.has(dep)) out.push(error(`depends_on names undeclared resource "${dep}"${suggestion(dep, byAddress.keys())}`, at(`depends_on[${i}]`)));
    });
  }
  return out;
}

/** Why `steps` from `from` on (after `type.name`) do not fit the resource's schema, or undefined when they do. */
export function checkSteps(shape: Shape, steps: readonly Step[], prefix: string, from = 0): string | undefined {
  let s = shape;
  const at = (i: number) => prefix + steps.slice(from, i).map((x) => (x.kind === 'attr' ? `.${x.name}` : `[${JSON.stringify(x.key)}]`)).join('');
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (s.kind === 'dynamic') return undefined;
    const key = step.kind === 'attr' ? step.name : step.key;
    if (s.kind === 'object' && typeof key === 'string') {
      const a = s.attributes.get(key);
      if (!a) return `Unsupported attribute "${key}" of ${at(i)}${suggestion(key, s.attributes.keys())}`;
      s = a.shape;
    } else if (s.kind === 'map') s = s.element;
    else if (s.kind === 'list' && step.kind === 'index' && typeof key === 'number') s = s.element;
    else if (s.kind === 'list' && step.kind === 'attr') return `Cannot read .${key} of ${at(i)}: it is ${describeShape(s)}, index it first (${at(i)}[0].${key})`;
    else return `Cannot read ${step.kind === 'attr' ? `.${key}` : `[${JSON.stringify(key)}]`} of ${at(i)}: it is ${describeShape(s)}`;
  }
  return undefined;
}
