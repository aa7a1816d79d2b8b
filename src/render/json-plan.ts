/**
 * The plan as Terraform's `terraform show -json` (format 1.2), so tools that read Terraform plans read keyform's:
 * `resource_changes`, `resource_drift`, `output_changes`, `planned_values`, plus a `keyform` object with the
 * reasons, the security view and the diagnostics. Unlike Terraform, sensitive values are replaced by null.
 */
import { hasErrors } from '../diagnostics.js';
import { hasChanges, summarize, type DriftEntry, type DriftKind, type OutputChange, type Plan, type ResourceChange } from '../plan/types.js';
import type { RuleComparison } from '../permissions/index.js';
import { PROVIDER_SOURCE } from '../provider/schema.js';
import { afterUnknown, containsUnknown, knownPart, type Values } from '../values.js';
import { ACTION_WORDS } from './action-words.js';
import { diagnosticJson } from './json-diagnostic.js';
import type { JsonChange, JsonPlan, JsonPlannedResource, JsonResourceChange, JsonSecurity } from './json-plan-types.js';
import { deposedLabel } from '../state/address.js';
import { addressParts } from './resource-address.js';
import { redactedValues, sensitiveLookup, sensitiveMarks } from './sensitive.js';

export type { JsonChange, JsonPlan, JsonResourceChange } from './json-plan-types.js';

const DRIFT_ACTIONS: Readonly<Record<DriftKind, string[]>> = {
  changed: ['update'],
  deleted: ['delete'],
  replaced: ['delete', 'create'],
  'interrupted-create': ['create'],
};

const OUTPUT_ACTIONS: Readonly<Record<OutputChange['action'], string[]>> = {
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  'no-op': ['no-op'],
};

function resourceChange(address: string, type: string, name: string, change: JsonChange, deposed?: string): JsonResourceChange {
  const { key } = addressParts(address);
  const out: JsonResourceChange = { address, mode: 'managed', type, name, provider_name: PROVIDER_SOURCE, change };
  if (key !== undefined) out.index = key;
  if (deposed !== undefined) out.deposed = deposed;
  return out;
}

function valuesChange(actions: string[], before: Values | undefined, after: Values | undefined, sensitive: ReadonlySet<string>): JsonChange {
  return {
    actions,
    before: redactedValues(before, sensitive),
    after: redactedValues(after, sensitive),
    after_unknown: after === undefined ? {} : afterUnknown(after),
    before_sensitive: sensitiveMarks(before, sensitive),
    after_sensitive: sensitiveMarks(after, sensitive),
  };
}

function plannedChange(c: ResourceChange, sensitive: ReadonlySet<string>): JsonResourceChange {
  const change = valuesChange([...ACTION_WORDS[c.action].jsonActions], c.before, c.after, sensitive);
  if (c.replacePaths.length > 0) change.replace_paths = c.replacePaths.map((p) => [...p]);
  const out = resourceChange(c.address, c.type, c.name, change, c.deposed);
  if (c.actionReason !== undefined) out.action_reason = c.actionReason;
  return out;
}

function driftChange(d: DriftEntry, sensitive: ReadonlySet<string>): JsonResourceChange {
  const { type, name } = addressParts(d.address);
  const actions = d.kind === 'interrupted-create' && d.after === undefined ? ['delete'] : (DRIFT_ACTIONS[d.kind] ?? ['update']);
  return resourceChange(d.address, type, name, valuesChange([...actions], d.before, d.after, sensitive), d.deposed);
}

function outputChange(o: OutputChange): JsonChange {
  const shown = (v: OutputChange['before']): unknown => (v === undefined || o.sensitive ? null : knownPart(v));
  return {
    actions: [...(OUTPUT_ACTIONS[o.action] ?? ['update'])],
    before: shown(o.before),
    after: shown(o.after),
    after_unknown: o.after === undefined ? false : afterUnknown(o.after),
    before_sensitive: o.before !== undefined && o.sensitive,
    after_sensitive: o.after !== undefined && o.sensitive,
  };
}

function plannedResource(c: ResourceChange, sensitive: ReadonlySet<string>): JsonPlannedResource {
  const { key } = addressParts(c.address);
  const out: JsonPlannedResource = {
    address: c.address,
    mode: 'managed',
    type: c.type,
    name: c.name,
    provider_name: PROVIDER_SOURCE,
    schema_version: 0,
    values: redactedValues(c.after, sensitive),
    sensitive_values: sensitiveMarks(c.after, sensitive) || {},
  };
  if (key !== undefined) out.index = key;
  return out;
}

export function securityJson(s: RuleComparison): JsonSecurity {
  return {
    added: s.added,
    removed: s.removed,
    broadened: s.broadened,
    narrowed: s.narrowed,
    findings: s.findings.map((f) => ({ kind: f.kind, message: f.message, rule: f.rule })),
  };
}

export function planToJson(plan: Plan): JsonPlan {
  const sensitiveOf = sensitiveLookup(plan);
  const errored = hasErrors(plan.diagnostics);
  const plannedOutputs = plan.outputs.filter((o) => o.action !== 'delete' && o.after !== undefined);
  return {
    format_version: '1.2',
    terraform_version: plan.keyformVersion,
    planned_values: {
      outputs: Object.fromEntries(plannedOutputs.map((o) => [
        o.name,
        o.sensitive || containsUnknown(o.after) ? { sensitive: o.sensitive } : { sensitive: false, value: knownPart(o.after!) },
      ])),
      root_module: {
        resources: plan.changes.filter((c) => c.action !== 'delete' && c.after !== undefined).map((c) => plannedResource(c, sensitiveOf(c.address))),
      },
    },
    resource_drift: plan.drift.map((d) => driftChange(d, sensitiveOf(d.address))),
    resource_changes: plan.changes.map((c) => plannedChange(c, sensitiveOf(c.address))),
    output_changes: Object.fromEntries(plan.outputs.map((o) => [o.name, outputChange(o)])),
    errored,
    applyable: !errored && hasChanges(plan),
    complete: plan.targets.length === 0,
    keyform: {
      plan_format_version: plan.formatVersion,
      mode: plan.mode,
      lineage: plan.lineage,
      serial: plan.serial,
      config_hash: plan.configHash,
      targets: [...plan.targets],
      replace: [...plan.replace],
      summary: { ...summarize(plan) },
      resource_changes: Object.fromEntries(plan.changes.map((c) => [
        deposedLabel(c.address, c.deposed),
        {
          action: c.action,
          reason: c.reason,
          depends_on: [...c.dependsOn],
          create_before_destroy: c.createBeforeDestroy,
          ...(c.security ? { security: securityJson(c.security) } : {}),
        },
      ])),
      resource_drift: Object.fromEntries(plan.drift.map((d) => [deposedLabel(d.address, d.deposed), { kind: d.kind, message: d.message, changed_attributes: [...d.changedAttributes] }])),
      diagnostics: plan.diagnostics.map(diagnosticJson),
    },
  };
}
