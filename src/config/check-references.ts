/**
 * References between declarations: every traversal must name a declared resource and an attribute its schema
 * has (with an instance key exactly when the resource has count or for_each), a declared variable or local;
 * count.index and each.* only where count / for_each is set; depends_on must name declared resources; an
 * output that shows a sensitive attribute or variable must be sensitive.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import type { Step } from './expr/ast.js';
import { suggestion } from './did-you-mean.js';
import { rootProblem } from './reference-roots.js';
import { declarationReferences } from './references.js';
import { describeShape, resourceShape, type Shape } from './schema-shape.js';
import { siteOf } from './site.js';
import type { ConfigModule, LocalConfig, OutputConfig, ResourceConfig } from './types.js';
import type { Reference } from './references.js';
import { Sensitivity } from './sensitivity.js';
import type { Site } from './site.js';

export function checkReferences(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byAddress = new Map<string, ResourceConfig>();
  for (const r of module.resources) if (!byAddress.has(r.address)) byAddress.set(r.address, r);
  const variables = new Map(module.variables.map((v) => [v.name, v]));
  const locals = new Set(module.locals.map((l) => l.name));
  const sensitiveVariables = () => new Set(module.variables.filter((v) => v.sensitive).map((v) => v.name));
  let sensitivity: Sensitivity | undefined;
  let fromVariables: Sensitivity | undefined;
  const sensitive = (ref: Reference): string | undefined => (sensitivity ??= new Sensitivity(module, sensitiveVariables())).source(ref);
  /** The sensitive value an output's reference shows, when the output is not declared sensitive. */
  const shown = (output: OutputConfig | undefined, ref: Reference): string | undefined => (!output || output.sensitive ? undefined : sensitive(ref));
  const shownError = (output: OutputConfig, source: string, path: string, at: (path?: string) => Site): Diagnostic =>
    error(`Output "${output.name}" shows a sensitive value (${source}): set "sensitive": true`, at(path));
  const check = (decl: ResourceConfig | OutputConfig | LocalConfig, address: string): void => {
    const refs = declarationReferences(decl);
    if (refs.length === 0 && !('dependsOn' in decl && decl.dependsOn.length > 0)) return; // most declarations
    const at = (path?: string) => siteOf(decl.source, address, path);
    const output = 'sensitive' in decl ? decl : undefined;
    for (const ref of refs) {
      const problem = rootProblem(ref.traversal) ?? contextProblem(ref, decl);
      if (problem) {
        out.push(error(problem, at(ref.path)));
        continue;
      }
      // As in Terraform: instance keys are shown everywhere (plans, progress, state), so they cannot come from a secret.
      const expansion = ref.path === 'count' ? 'count' : ref.path.startsWith('for_each') ? 'for_each' : undefined;
      const secret = expansion && 'config' in decl ? (fromVariables ??= new Sensitivity(module, sensitiveVariables(), { throughResources: false })).source(ref) : undefined;
      if (secret !== undefined) {
        out.push(error(`Invalid ${expansion} argument: ${secret} is sensitive, and the instance ${expansion === 'count' ? 'count' : 'keys'} would show it: use a value that is not sensitive`, at(ref.path)));
        continue;
      }
      const t = ref.traversal;
      const name = t.steps[0]?.kind === 'attr' ? t.steps[0].name : '';
      if (t.root === 'var') {
        const v = variables.get(name);
        if (!v) out.push(error(`Reference to undeclared input variable "${name}"${suggestion(name, variables.keys())}`, at(ref.path)));
        else {
          const source = shown(output, ref);
          if (source !== undefined) out.push(shownError(output!, source, ref.path, at));
        }
        continue;
      }
      if (t.root === 'local') {
        if (!locals.has(name)) out.push(error(`Reference to undeclared local value "${name}"${suggestion(name, locals)}`, at(ref.path)));
        else {
          const source = shown(output, ref);
          if (source !== undefined) out.push(shownError(output!, source, ref.path, at));
        }
        continue;
      }
      if (ref.address === undefined) continue; // count, each, path, terraform: their form was checked above
      const target = ref.address;
      const resource = byAddress.get(target);
      if (!resource) {
        out.push(error(`Reference to undeclared resource "${target}"${suggestion(target, byAddress.keys())}`, at(ref.path)));
        continue;
      }
      const shape = resourceShape(resource.type);
      if (!shape) continue;
      const expanded = resource.count !== undefined || resource.forEach !== undefined;
      const steps = t.steps;
      const keyStep = steps[1];
      let from = 1;
      if (expanded && keyStep?.kind === 'attr') {
        const how = resource.count !== undefined ? `${target}[0].${keyStep.name}` : `${target}["KEY"].${keyStep.name}`;
        out.push(error(`Missing resource instance key: ${target} has ${resource.count !== undefined ? 'count' : 'for_each'} set, so refer to one instance, like ${how}, or to all with ${target}[*].${keyStep.name}`, at(ref.path)));
        continue;
      }
      if (expanded && keyStep?.kind === 'index') from = 2;
      if (!expanded && keyStep?.kind === 'index') {
        out.push(error(`Unexpected resource instance key: ${target} has neither count nor for_each, so it has no ${JSON.stringify(keyStep.key)} instance`, at(ref.path)));
        continue;
      }
      // The attribute steps of one instance: after the key, or a splat's steps over all instances.
      const attrs = steps.length > from ? steps.slice(from) : ref.splat ? [...ref.splat] : [];
      const prefix = from === 2 ? `${target}[${JSON.stringify((keyStep as { key: unknown }).key)}]` : target;
      const stepProblem = attrs.length > 0 ? checkSteps(shape, attrs, prefix) : undefined;
      if (stepProblem) out.push(error(stepProblem, at(ref.path)));
      else {
        const source = shown(output, ref);
        if (source !== undefined) out.push(shownError(output!, source, ref.path, at));
      }
    }
    if ('dependsOn' in decl) {
      decl.dependsOn.forEach((dep, i) => {
        if (!byAddress.has(dep)) out.push(error(`depends_on names undeclared resource "${dep}"${suggestion(dep, byAddress.keys())}`, at(`depends_on[${i}]`)));
      });
    }
  };
  for (const l of module.locals) check(l, `local.${l.name}`);
  for (const r of module.resources) check(r, r.address);
  for (const o of module.outputs) check(o, `output.${o.name}`);
  return out;
}

/** count.index and each.* outside a resource that sets count / for_each. */
function contextProblem(ref: Reference, decl: ResourceConfig | OutputConfig | LocalConfig): string | undefined {
  const root = ref.traversal.root;
  if (root !== 'count' && root !== 'each') return undefined;
  const resource = 'config' in decl ? decl : undefined;
  if (ref.path === 'count' || ref.path.startsWith('for_each')) return `${root}.* cannot be used in ${ref.path === 'count' ? 'count' : 'for_each'} itself`;
  if (root === 'count' && resource?.count === undefined) return `count.index is available only in a resource that sets count${resource ? `: ${resource.address} does not` : ''}`;
  if (root === 'each' && resource?.forEach === undefined) return `each.key and each.value are available only in a resource that sets for_each${resource ? `: ${resource.address} does not` : ''}`;
  return undefined;
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
