/** Random plans for the property tests: any action with any values (UNKNOWN, nested lists and objects, odd keys). */
import fc from 'fast-check';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Action, ActionReason, DriftEntry, DriftKind, OutputChange, Plan, PlanMode, ResourceChange } from '../../src/plan/types.js';
import { compareRules, type Rule } from '../../src/permissions/index.js';
import { UNKNOWN, type Value, type Values } from '../../src/values.js';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const key = fc.oneof(fc.constantFrom('id', 'name', 'canonical', 'token', 'rules', 'description', 'resources', '__proto__', 'constructor', 'toString'), fc.string({ unit: 'binary', maxLength: 6 }));

export const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    text,
    fc.constant(UNKNOWN),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

export const values: fc.Arbitrary<Values> = fc.dictionary(key, value, { maxKeys: 6 });

const rule: fc.Arbitrary<Rule> = fc.record({
  action: fc.constantFrom('organization:**', '**', 'organization:project:read', 'organization:credential:*', 'organization:credential:read', 'a:b'),
  effect: fc.constant('allow' as const),
  resources: fc.option(fc.array(fc.constantFrom('organization:acme:credential:cy-*', 'organization:acme:credential:x', '**'), { maxLength: 2 }), { nil: undefined }),
});

const address = fc.oneof(
  fc.constantFrom('cycloid_organization_api_key.ci', 'cycloid_organization_api_key.ci[0]', 'cycloid_organization_api_key.ci["a.b"]', 'module.m.t.n'),
  text,
);

const actions: Action[] = ['no-op', 'create', 'update', 'delete-then-create', 'create-then-delete', 'delete'];
const reasons: ActionReason[] = ['replace_because_cannot_update', 'replace_by_request', 'delete_because_no_resource_config', 'recreate_because_deleted_outside'];
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined });

export const resourceChange: fc.Arbitrary<ResourceChange> = fc.record({
  address,
  type: fc.oneof(fc.constant('cycloid_organization_api_key'), text),
  name: text,
  action: fc.constantFrom(...actions),
  before: opt(values),
  after: opt(values),
  reason: text,
  actionReason: opt(fc.constantFrom(...reasons)),
  replacePaths: fc.array(fc.array(key, { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  changedAttributes: fc.array(key, { maxLength: 3 }),
  sensitive: fc.array(key, { maxLength: 2 }),
  dependsOn: fc.array(text, { maxLength: 2 }),
  createBeforeDestroy: fc.boolean(),
  security: opt(fc.tuple(fc.array(rule, { maxLength: 3 }), fc.array(rule, { maxLength: 3 })).map(([a, b]) => compareRules(a, b))),
});

const driftKinds: DriftKind[] = ['deleted', 'changed', 'replaced', 'interrupted-create'];
export const driftEntry: fc.Arbitrary<DriftEntry> = fc.record({
  address,
  kind: fc.constantFrom(...driftKinds),
  before: values,
  after: opt(values),
  changedAttributes: fc.array(key, { maxLength: 3 }),
  message: text,
});

export const outputChange: fc.Arbitrary<OutputChange> = fc.record({
  name: key,
  action: fc.constantFrom('create', 'update', 'delete', 'no-op'),
  before: opt(value),
  after: opt(value),
  sensitive: fc.boolean(),
});

export const diagnostic: fc.Arbitrary<Diagnostic> = fc.record(
  {
    severity: fc.constantFrom('error' as const, 'warning' as const),
    summary: text,
    detail: text,
    file: text,
    line: fc.nat(),
    address: text,
    path: text,
  },
  { requiredKeys: ['severity', 'summary'] },
);

const modes: PlanMode[] = ['normal', 'destroy', 'refresh-only'];
export const plan: fc.Arbitrary<Plan> = fc.record({
  formatVersion: fc.constant(1 as const),
  keyformVersion: text,
  mode: fc.constantFrom(...modes),
  lineage: text,
  serial: fc.nat(),
  configHash: text,
  changes: fc.array(resourceChange, { maxLength: 5 }),
  drift: fc.array(driftEntry, { maxLength: 3 }),
  outputs: fc.array(outputChange, { maxLength: 3 }),
  targets: fc.array(text, { maxLength: 1 }),
  replace: fc.array(text, { maxLength: 1 }),
  diagnostics: fc.array(diagnostic, { maxLength: 2 }),
});
