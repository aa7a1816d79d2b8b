/**
 * The steps of an apply and their order: creates and updates after what they reference; deletes after what depends
 * on the deleted object; a replacement's delete and create in the order its action names. The delete of a deposed
 * object is a step of its own, after whatever happens to the current object at its address.
 */
import type { ResourceChange } from '../plan/types.js';
import { deposedLabel } from '../state/address.js';

export type Phase = 'create' | 'update' | 'delete';

export interface Step {
  id: string;
  change: ResourceChange;
  phase: Phase;
  after: Set<string>;
  waiting: number;
  dependents: Step[];
  state: 'waiting' | 'running' | 'done' | 'failed' | 'skipped';
}

/** What a change is about: its address, or its address and deposed key (`type.name (deposed object 1a2b3c4d)`). */
export const changeLabel = (change: Pick<ResourceChange, 'address' | 'deposed'>): string => deposedLabel(change.address, change.deposed);

export function buildSteps(changes: readonly ResourceChange[]): Step[] {
  const steps: Step[] = [];
  // By changeLabel: a deposed object's steps are apart from those of the current object at the same address.
  const byAddress = new Map<string, { create?: Step; update?: Step; delete?: Step }>();
  const make = (change: ResourceChange, phase: Phase): Step => {
    const label = changeLabel(change);
    const step: Step = { id: `${label}#${phase}`, change, phase, after: new Set(), waiting: 0, dependents: [], state: 'waiting' };
    steps.push(step);
    const entry = byAddress.get(label) ?? {};
    entry[phase] = step;
    byAddress.set(label, entry);
    return step;
  };
  for (const c of changes) {
    if (c.action === 'create') make(c, 'create');
    else if (c.action === 'update') make(c, 'update');
    else if (c.action === 'delete') make(c, 'delete');
    else if (c.action === 'delete-then-create' || c.action === 'create-then-delete') {
      make(c, 'delete');
      make(c, 'create');
    }
  }
  const edge = (from: Step | undefined, to: Step | undefined) => {
    if (!from || !to || from === to || to.after.has(from.id)) return;
    to.after.add(from.id);
    to.waiting++;
    from.dependents.push(to);
  };
  const dependents = new Map<string, string[]>();
  for (const c of changes) {
    if (c.deposed !== undefined) continue;
    for (const d of c.dependsOn) {
      const users = dependents.get(d);
      if (users) users.push(c.address);
      else dependents.set(d, [c.address]);
    }
  }
  for (const c of changes) {
    if (c.deposed !== undefined) {
      // A deposed object goes after the current object at its address is settled, and before what it depended on goes.
      const own = byAddress.get(changeLabel(c))?.delete;
      const current = byAddress.get(c.address);
      edge(current?.create ?? current?.update, own);
      for (const dep of c.dependsOn) edge(own, byAddress.get(dep)?.delete);
      continue;
    }
    const own = byAddress.get(c.address);
    if (!own) continue;
    if (c.action === 'delete-then-create') edge(own.delete, own.create);
    if (c.action === 'create-then-delete') edge(own.create, own.delete);
    for (const dep of c.dependsOn) {
      const d = byAddress.get(dep);
      edge(d?.create ?? d?.update, own.create ?? own.update);
    }
    // An object is deleted only after what depends on it has been changed or deleted.
    for (const user of dependents.get(c.address) ?? []) {
      const u = byAddress.get(user);
      edge(u?.delete, own.delete);
      if (c.action === 'create-then-delete') edge(u?.create ?? u?.update, own.delete);
    }
  }
  return steps;
}
