/**
 * Which values of a configuration are sensitive, decided from its references before anything is evaluated (where
 * Terraform marks values as it computes them): a variable declared sensitive; an attribute the provider schema
 * marks sensitive (a key's `token`), or a resource's whole object, which holds it; a local value, or a resource's
 * top-level attribute, whose expression reads any of these — through any number of locals and resources.
 * The plan shows such attributes as "(sensitive value)" and the state encrypts them; an output that reads one must
 * be declared sensitive.
 */
import { declarationReferences, type Reference } from './references.js';
import { resourceShape } from './schema-shape.js';
import type { ConfigModule, ResourceConfig } from './types.js';

export class Sensitivity {
  private readonly locals = new Set<string>();
  /** Resource address → its top-level attributes fed by a sensitive value (the schema's own are apart). */
  private readonly fed = new Map<string, Set<string>>();
  private readonly resources = new Map<string, ResourceConfig>();

  /**
   * `throughResources: false` follows sensitive variables through locals only: what count and for_each may not
   * read (a value read from a resource is refused there anyway, as known only after apply).
   */
  constructor(
    module: ConfigModule,
    private readonly variables: ReadonlySet<string>,
    private readonly options: { throughResources?: boolean } = {},
  ) {
    for (const r of module.resources) if (!this.resources.has(r.address)) this.resources.set(r.address, r);
    // Only declarations with references can read a sensitive value (most resources have none).
    const locals = module.locals.filter((l) => declarationReferences(l).length > 0);
    const resources = module.resources.filter((r) => declarationReferences(r).length > 0);
    // Until nothing changes: each pass can only add, and there are finitely many locals and attributes.
    for (let changed = true; changed; ) {
      changed = false;
      for (const l of locals) {
        if (this.locals.has(l.name) || !declarationReferences(l).some((ref) => this.source(ref) !== undefined)) continue;
        this.locals.add(l.name);
        changed = true;
      }
      for (const r of resources) {
        for (const ref of declarationReferences(r)) {
          const top = /^[^.[]+/.exec(ref.path)?.[0];
          if (top === undefined || top === 'count' || top === 'for_each' || this.fed.get(r.address)?.has(top)) continue;
          if (this.source(ref) === undefined) continue;
          let set = this.fed.get(r.address);
          if (!set) this.fed.set(r.address, (set = new Set()));
          set.add(top);
          changed = true;
        }
      }
    }
  }

  /** The top-level attributes of a resource fed by a sensitive value, sorted (the schema's own not included). */
  attributesOf(address: string): string[] {
    const set = this.fed.get(address);
    return set ? [...set].sort() : [];
  }

  /** The sensitive value `ref` reads, as messages name it (`var.pin`, `local.tok`, `TYPE.NAME.token`), or undefined. */
  source(ref: Reference): string | undefined {
    const t = ref.traversal;
    const name = t.steps[0]?.kind === 'attr' ? t.steps[0].name : '';
    if (t.root === 'var') return this.variables.has(name) ? `var.${name}` : undefined;
    if (t.root === 'local') return this.locals.has(name) ? `local.${name}` : undefined;
    if (ref.address === undefined || this.options.throughResources === false) return undefined;
    const resource = this.resources.get(ref.address);
    const shape = resource && resourceShape(resource.type);
    if (!resource || !shape) return undefined;
    const read = attributeRead(ref, resource);
    // The whole object (`TYPE.NAME`, or an instance of it) holds every attribute, the sensitive ones included.
    if (read === undefined) {
      const secret = [...shape.attributes].find(([, a]) => a.sensitive)?.[0] ?? [...(this.fed.get(ref.address) ?? [])][0];
      return secret === undefined ? undefined : `${ref.address}.${secret}`;
    }
    return shape.attributes.get(read)?.sensitive || this.fed.get(ref.address)?.has(read) ? `${ref.address}.${read}` : undefined;
  }
}

/** The top-level attribute a resource reference reads, after its instance key or splat; undefined for the whole object. */
function attributeRead(ref: Reference, resource: ResourceConfig): string | undefined {
  const steps = ref.traversal.steps;
  const expanded = resource.count !== undefined || resource.forEach !== undefined;
  const from = expanded && steps[1]?.kind === 'index' ? 2 : 1;
  const first = steps.length > from ? steps[from] : ref.splat?.[0];
  return first?.kind === 'attr' ? first.name : undefined;
}
