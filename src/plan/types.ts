/**
 * The Plan: a pure value (STYLE 1–2). A closed union of actions, each change with before/after, a reason and the
 * attribute paths that force replacement; drift kept apart from the planned changes (STYLE 8); a security view
 * of rule changes (STYLE 10). Renderers read it; they never compute.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { RuleComparison } from '../permissions/index.js';
import type { Value, Values } from '../values.js';

export type Action = 'no-op' | 'create' | 'update' | 'delete-then-create' | 'create-then-delete' | 'delete';

export const isReplace = (a: Action): a is 'delete-then-create' | 'create-then-delete' => a === 'delete-then-create' || a === 'create-then-delete';

/** Why an action was chosen, in Terraform's vocabulary where it has a word for it. */
export type ActionReason =
  | 'replace_because_cannot_update'
  | 'replace_by_request'
  | 'replace_because_tainted'
  | 'replace_because_replaced_outside'
  | 'replace_after_lost_token'
  | 'delete_because_no_resource_config'
  | 'recreate_because_deleted_outside';

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  action: Action;
  /** Values before the change (the refreshed remote object with the state's token); absent on create. */
  before?: Values;
  /** Planned values (may hold UNKNOWN); absent on delete. */
  after?: Values;
  /** One sentence a reviewer can act on. */
  reason: string;
  actionReason?: ActionReason;
  /** Attribute paths that force replacement, sorted and de-duplicated. */
  replacePaths: string[][];
  /** Top-level attributes whose value changes (known or not), sorted. */
  changedAttributes: string[];
  /**
   * Sensitive top-level attributes: the schema's, those the configuration makes sensitive (fed by sensitive
   * variables) and those the prior state records as sensitive. Their values are never shown.
   */
  sensitive: string[];
  /** Addresses this instance depends on (references and depends_on). */
  dependsOn: string[];
  createBeforeDestroy: boolean;
  /** On the delete of a deposed object (the old object of a create_before_destroy replacement): its key. */
  deposed?: string;
  /** Rule changes: for a create, everything granted; for a replace, the difference; for a delete, what is revoked. */
  security?: RuleComparison;
  /**
   * On a no-op: attributes whose sensitivity in the configuration differs from what the state records. Apply
   * records the configuration's (no API call), as Terraform's state follows the configuration's sensitivity.
   */
  sensitivityChanged?: string[];
}

export type DriftKind = 'deleted' | 'changed' | 'replaced' | 'interrupted-create';

/** A difference between the last run's state and the live API, found by refresh. */
export interface DriftEntry {
  address: string;
  /** When the entry is about a deposed object: its key. */
  deposed?: string;
  kind: DriftKind;
  /** The object as the state recorded it. */
  before: Values;
  /** The live object (absent when deleted). */
  after?: Values;
  changedAttributes: string[];
  message: string;
  /** Attributes the state records as sensitive beyond the schema's: their values are never shown. */
  sensitive?: string[];
}

export interface OutputChange {
  name: string;
  action: 'create' | 'update' | 'delete' | 'no-op';
  before?: Value;
  after?: Value;
  sensitive: boolean;
}

export type PlanMode = 'normal' | 'destroy' | 'refresh-only';

export interface Plan {
  formatVersion: 1;
  keyformVersion: string;
  mode: PlanMode;
  /** The state the plan was made against: a saved plan is refused when either moved. */
  lineage: string;
  serial: number;
  configHash: string;
  /** Every instance of config or state, including no-ops (renderers skip those). */
  changes: ResourceChange[];
  drift: DriftEntry[];
  outputs: OutputChange[];
  targets: string[];
  replace: string[];
  /** Errors stop apply; warnings are shown. */
  diagnostics: Diagnostic[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
}

export function summarize(plan: Pick<Plan, 'changes'>): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, replace: 0 };
  for (const c of plan.changes) {
    if (c.action === 'create') s.add++;
    else if (c.action === 'update') s.change++;
    else if (c.action === 'delete') s.destroy++;
    else if (isReplace(c.action)) {
      s.add++;
      s.destroy++;
      s.replace++;
    }
  }
  return s;
}

export const hasChanges = (plan: Plan): boolean =>
  plan.changes.some((c) => c.action !== 'no-op') || plan.outputs.some((o) => o.action !== 'no-op') ||
  (plan.mode === 'refresh-only' && plan.drift.length > 0);
