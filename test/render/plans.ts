/**
 * Plans built by hand, one per situation the renderers must handle. Security views are computed with
 * `compareRules`, as the planner does. `SECRET` is the token of every existing key: it must never show.
 */
import { error, warning } from '../../src/diagnostics.js';
import type { DriftEntry, OutputChange, Plan, ResourceChange } from '../../src/plan/types.js';
import { compareRules, type Rule } from '../../src/permissions/index.js';
import { UNKNOWN, type Value, type Values } from '../../src/values.js';

export const TYPE = 'cycloid_organization_api_key';
/** A distinctive token: no renderer may print it, or any part of it but `last_seven` (which is not secret). */
export const SECRET = 'kfT0K3N-9c1e7a42b8f6e3d5c0a9b7e1f2d4c6a8';

const allow = (action: string, resources?: string[]): Rule => (resources ? { action, effect: 'allow', resources } : { action, effect: 'allow' });

const rulesValue = (rules: Rule[]): Value => rules.map((r) => ({ action: r.action, effect: r.effect, resources: r.resources ?? null }));

const rulesOf = (v: Values | undefined): Rule[] =>
  ((v?.['rules'] ?? []) as { action: string; effect: 'allow'; resources: string[] | null }[]).map((r) =>
    r.resources ? { action: r.action, effect: r.effect, resources: r.resources } : { action: r.action, effect: r.effect });

/** An existing key as the refreshed remote object with the state's token. */
function existing(canonical: string, id: number, over: Partial<Values> = {}): Values {
  return {
    id,
    organization_canonical: 'acme',
    canonical,
    name: canonical.toUpperCase(),
    description: `${canonical} key`,
    owner: 'alice',
    rules: rulesValue([allow('organization:project:read')]),
    token: SECRET,
    last_seven: SECRET.slice(-7),
    ...over,
  };
}

/** Planned values of a new key: id, token and last_seven known after apply. */
function fresh(from: Values, over: Partial<Values> = {}): Values {
  return { ...from, id: UNKNOWN, token: UNKNOWN, last_seven: UNKNOWN, ...over };
}

function change(c: Partial<ResourceChange> & Pick<ResourceChange, 'address' | 'action' | 'reason'>): ResourceChange {
  const name = c.address.slice(TYPE.length + 1);
  return { type: TYPE, name, replacePaths: [], changedAttributes: [], sensitive: ['token'], dependsOn: [], createBeforeDestroy: false, ...c };
}

function plan(p: Partial<Plan>): Plan {
  return {
    formatVersion: 1,
    keyformVersion: '0.1.0',
    mode: 'normal',
    lineage: '6f1c2d3e-0000-4000-8000-00000000abcd',
    serial: 7,
    configHash: 'sha256:0d8e5f',
    changes: [],
    drift: [],
    outputs: [],
    targets: [],
    replace: [],
    diagnostics: [],
    ...p,
  };
}

const addr = (name: string): string => `${TYPE}.${name}`;

// ---- changes -------------------------------------------------------------------------------------------------

const ciRules = [allow('organization:credential:read', ['organization:acme:credential:cy-*']), allow('organization:project:read')];
const ciAfter: Values = {
  organization_canonical: 'acme',
  canonical: 'ci',
  name: 'CI',
  description: 'CI pipeline deploys',
  owner: 'alice',
  rules: rulesValue(ciRules),
  id: UNKNOWN,
  token: UNKNOWN,
  last_seven: UNKNOWN,
};

export const createCi = change({
  address: addr('ci'),
  action: 'create',
  after: ciAfter,
  reason: 'not in the state: the key will be created and its token stored encrypted',
  changedAttributes: Object.keys(ciAfter).sort(),
  security: compareRules([], ciRules),
});

const botBefore = existing('bot', 41, { name: 'Bot', description: 'Old description' });
export const updateBot = change({
  address: addr('bot'),
  action: 'update',
  before: botBefore,
  after: { ...botBefore, name: 'Deploy bot', description: 'Deploys production' },
  reason: 'description, name change in place; the token is kept',
  changedAttributes: ['description', 'name'],
});

const deployRulesBefore = [allow('organization:project:read'), allow('organization:credential:read', ['organization:acme:credential:cy-aws'])];
const deployRulesAfter = [allow('organization:project:read'), allow('organization:credential:read', ['organization:acme:credential:cy-*']), allow('organization:**')];
const deployBefore = existing('deploy', 42, { name: 'Deploy', rules: rulesValue(deployRulesBefore) });
const deployAfter = fresh(deployBefore, { rules: rulesValue(deployRulesAfter) });
export const replaceDeploy = change({
  address: addr('deploy'),
  action: 'delete-then-create',
  before: deployBefore,
  after: deployAfter,
  reason: 'rules are immutable in the Cycloid API: must be replaced; the current token will be revoked',
  actionReason: 'replace_because_cannot_update',
  replacePaths: [['rules']],
  changedAttributes: ['id', 'last_seven', 'rules', 'token'],
  security: compareRules(rulesOf(deployBefore), rulesOf(deployAfter)),
});

const auditRulesBefore = [allow('organization:**')];
const auditRulesAfter = [allow('organization:audit_log:read')];
const auditBefore = existing('audit', 43, { name: 'Audit', rules: rulesValue(auditRulesBefore) });
const auditAfter = fresh(auditBefore, { canonical: 'audit-v2', rules: rulesValue(auditRulesAfter) });
export const rotateAudit = change({
  address: addr('audit'),
  action: 'create-then-delete',
  before: auditBefore,
  after: auditAfter,
  reason: 'canonical changes replace the key; rules are immutable in the Cycloid API: the new key is created before the old one is revoked',
  actionReason: 'replace_because_cannot_update',
  replacePaths: [['canonical'], ['rules']],
  changedAttributes: ['canonical', 'id', 'last_seven', 'rules', 'token'],
  createBeforeDestroy: true,
  security: compareRules(rulesOf(auditBefore), rulesOf(auditAfter)),
});

const legacyBefore = existing('legacy', 17, { name: 'Legacy', description: null, rules: rulesValue([allow('organization:project:read'), allow('organization:credential:read')]) });
export const deleteLegacy = change({
  address: addr('legacy'),
  action: 'delete',
  before: legacyBefore,
  reason: 'not in the configuration: the key will be deleted and its token revoked',
  actionReason: 'delete_because_no_resource_config',
  security: compareRules(rulesOf(legacyBefore), []),
});

const steadyValues = existing('steady', 7);
export const noopSteady = change({ address: addr('steady'), action: 'no-op', before: steadyValues, after: steadyValues, reason: 'matches the configuration' });

// audit after a create_before_destroy replacement interrupted before the old key was deleted: the new key (audit-v3)
// is current and unchanged, the old one (audit-v2) is a deposed object, planned for deletion.
const auditCurrent = existing('audit-v3', 31, { name: 'Audit' });
export const noopAuditV3 = change({ address: addr('audit'), action: 'no-op', before: auditCurrent, after: auditCurrent, reason: 'matches the configuration', createBeforeDestroy: true });
const auditDeposed = existing('audit-v2', 30, { name: 'Audit' });
export const deleteDeposedAudit = change({
  address: addr('audit'),
  action: 'delete',
  deposed: '1a2b3c4d',
  before: auditDeposed,
  reason: 'left over from an interrupted create_before_destroy replacement: the old key will be deleted and its token revoked',
  security: compareRules(rulesOf(auditDeposed), []),
});

// ---- odd values: what the fixtures above never hold --------------------------------------------------------------
// Unicode and control characters in addresses, names, keys and descriptions; keys that need quoting; nested maps
// changed in place; a list that becomes a scalar, an object or unknown and the other way round; empty blocks; a
// replacement forced by a nested path; sensitive attributes changed, unchanged, added and removed.

const oddName = 'clé_🔑';
const oddAddress = `${TYPE}.${oddName}["a\u0007b"]`;
const oddCreateAfter: Values = {
  organization_canonical: 'acme',
  canonical: 'clé-日本',
  name: 'Clé d’accès — 日本語 🔑',
  description: 'line one\nline two\t\x1b[31mred\x1b[0m \u0085 \u009b2J \u007f end',
  'with space': 'quoted key',
  '1st': 1.5,
  'ünïcode-key': true,
  labels: { team: 'platform', 'cost center': 'R&D', empty: null, nested: { deep: ['x', 'y'], none: {} } },
  tags: [],
  extra: {},
  rules: rulesValue([allow('organization:project:read', ['organization:acme:project:日本']), allow('organization:credential:read', [])]),
  note: 'a secret-looking note',
  id: UNKNOWN,
  token: SECRET,
  last_seven: UNKNOWN,
};
export const createOdd = change({
  address: oddAddress,
  name: `${oddName}["a\u0007b"]`,
  action: 'create',
  after: oddCreateAfter,
  reason: 'not in the state:\tthe key\x1b[2J will be created\n(second line)',
  changedAttributes: Object.keys(oddCreateAfter).sort(),
  sensitive: ['token', 'note'],
  security: compareRules([], rulesOf(oddCreateAfter)),
});

const oddBefore = existing('odd', 60, {
  name: 'Ödd',
  description: 'tab\there',
  labels: { team: 'platform', tier: 'gold', nested: { deep: ['x', 'y'], drop: 'me' } },
  shape: ['a', 'b'],
  flip: { a: 1 },
  gone: ['still', 'here'],
  was_text: 'plain',
  numbers: [1, 2, 3],
  future: [{ k: 'v' }],
  note: 'old secret note',
  keep_secret: 'unchanged secret',
  flag: false,
});
const oddAfter: Values = {
  ...oddBefore,
  name: 'Ödd → 日本',
  description: 'tab\there\u0000nul',
  labels: { team: 'platform', tier: 'silver', nested: { deep: ['x', 'z'] }, 'new key': { a: [] } },
  shape: 'a,b',
  flip: ['a', 1],
  gone: null,
  was_text: ['now', 'a', 'list'],
  numbers: [1, 3, 4, 5],
  future: UNKNOWN,
  note: 'new secret note',
  flag: true,
  added_attr: { x: 1 },
};
export const updateOdd = change({
  address: `${TYPE}.odd`,
  action: 'update',
  before: oddBefore,
  after: oddAfter,
  reason: 'many attributes change in place',
  changedAttributes: ['added_attr', 'description', 'flag', 'flip', 'future', 'gone', 'labels', 'name', 'note', 'numbers', 'owner', 'shape', 'was_text'],
  sensitive: ['token', 'note', 'keep_secret'],
});

const nestedBefore = existing('nested', 61, {
  name: 'Nested',
  rules: rulesValue([allow('organization:project:read', ['a', 'b']), allow('organization:credential:read', ['c'])]),
  labels: { tier: 'gold' },
});
const nestedAfter = fresh(nestedBefore, {
  rules: rulesValue([allow('organization:project:read', ['a', 'b']), allow('organization:credential:read', ['d']), allow('organization:member:read')]),
  labels: { tier: 'platinum' },
});
export const replaceNested = change({
  address: `${TYPE}.nested`,
  action: 'delete-then-create',
  before: nestedBefore,
  after: nestedAfter,
  reason: 'a nested rule resource changes',
  actionReason: 'replace_because_cannot_update',
  replacePaths: [['labels', 'tier'], ['rules', '1', 'resources']],
  changedAttributes: ['id', 'labels', 'last_seven', 'rules', 'token'],
  security: compareRules(rulesOf(nestedBefore), rulesOf(nestedAfter)),
});

const oddGone = existing('gone-ünï', 62, {
  name: 'Gone \u001b[1mbold',
  description: '',
  labels: { 'a b': { c: [1, { d: null, e: 'f' }] }, empty: {} },
  tags: [],
});
export const deleteOdd = change({
  address: `${TYPE}.gone_ünï`,
  action: 'delete',
  before: oddGone,
  reason: 'not in the configuration',
  actionReason: 'delete_because_no_resource_config',
  security: compareRules(rulesOf(oddGone), []),
});

// ---- drift ---------------------------------------------------------------------------------------------------

const opsState = existing('ops', 50, { name: 'Ops' });
const webState = existing('web', 51, { name: 'Web' });
const webLive: Values = { ...webState, name: 'Web (renamed)', description: 'changed in the console' };
const apiState = existing('api', 52, { name: 'API' });
const apiLive: Values = { ...apiState, id: 88, token: null, last_seven: 'zz91x0q' };
const batchState = existing('batch', 0, { id: null, token: null, last_seven: null, name: 'Batch' });
const batchLive: Values = { ...batchState, id: 90, last_seven: 'b47a2cd' };

export const driftEntries: DriftEntry[] = [
  { address: addr('ops'), kind: 'deleted', before: opsState, changedAttributes: [], message: 'the key was deleted outside keyform' },
  { address: addr('web'), kind: 'changed', before: webState, after: webLive, changedAttributes: ['description', 'name'], message: 'description, name changed outside keyform' },
  {
    address: addr('api'),
    kind: 'replaced',
    before: apiState,
    after: apiLive,
    changedAttributes: ['id'],
    message: 'the key was replaced outside keyform (same canonical, id 52 → 88): the token in state no longer works',
  },
  {
    address: addr('batch'),
    kind: 'interrupted-create',
    before: batchState,
    after: batchLive,
    changedAttributes: [],
    message: 'an earlier apply was interrupted while creating this key: the key exists but its token was never recorded',
  },
];

const driftChanges: ResourceChange[] = [
  change({
    address: addr('ops'),
    action: 'create',
    after: fresh(opsState),
    reason: 'the key was deleted outside keyform: it will be created again, with a new token',
    actionReason: 'recreate_because_deleted_outside',
    changedAttributes: Object.keys(opsState).sort(),
    security: compareRules([], rulesOf(opsState)),
  }),
  change({
    address: addr('web'),
    action: 'update',
    before: webLive,
    after: webState,
    reason: 'description, name change in place; the token is kept',
    changedAttributes: ['description', 'name'],
  }),
  change({
    address: addr('api'),
    action: 'delete-then-create',
    before: { ...apiLive, token: null },
    after: fresh(apiLive),
    reason: 'the key was replaced outside keyform and the token in state no longer works: it will be replaced again so keyform holds a working token',
    actionReason: 'replace_because_replaced_outside',
    changedAttributes: ['id', 'last_seven', 'token'],
    security: compareRules(rulesOf(apiLive), rulesOf(apiLive)),
  }),
  change({
    address: addr('batch'),
    action: 'delete-then-create',
    before: { ...batchLive, token: null },
    after: fresh(batchLive),
    reason: 'an earlier apply created this key but was interrupted before its token was recorded: the key will be revoked and created again',
    actionReason: 'replace_after_lost_token',
    changedAttributes: ['id', 'last_seven', 'token'],
  }),
];

// ---- outputs -------------------------------------------------------------------------------------------------

export const outputChanges: OutputChange[] = [
  { name: 'ci_canonical', action: 'create', after: 'ci', sensitive: false },
  { name: 'ci_token', action: 'create', after: UNKNOWN, sensitive: true },
  { name: 'deploy_token', action: 'update', before: SECRET, after: UNKNOWN, sensitive: true },
  { name: 'key_ids', action: 'update', before: [41, 42], after: [41, UNKNOWN], sensitive: false },
  { name: 'legacy_token', action: 'delete', before: SECRET, sensitive: true },
  { name: 'owner', action: 'no-op', before: 'alice', after: 'alice', sensitive: false },
];

// ---- plans ---------------------------------------------------------------------------------------------------

export const CASES: Readonly<Record<string, Plan>> = {
  create: plan({ changes: [createCi] }),
  update: plan({ changes: [updateBot] }),
  'replace-rules': plan({ changes: [replaceDeploy] }),
  'create-then-delete': plan({ changes: [rotateAudit] }),
  delete: plan({ changes: [deleteLegacy] }),
  'deposed-delete': plan({ changes: [noopAuditV3, deleteDeposedAudit] }),
  drift: plan({ changes: driftChanges, drift: driftEntries }),
  'refresh-only': plan({ mode: 'refresh-only', drift: driftEntries }),
  outputs: plan({ changes: [noopSteady], outputs: outputChanges }),
  'no-changes': plan({ changes: [noopSteady], outputs: [outputChanges[5]!] }),
  errored: plan({
    changes: [replaceDeploy],
    diagnostics: [
      error('Invalid rule action', {
        file: 'main.tf',
        line: 12,
        address: addr('deploy'),
        path: 'rules[2].action',
        detail: 'The action "organization:credentials:read" is not a policy code of the Cycloid API. Did you mean "organization:credential:read"?',
      }),
      error('Instance cannot be replaced: lifecycle.prevent_destroy is set', {
        address: addr('deploy'),
        detail: 'The plan would replace cycloid_organization_api_key.deploy (rules are immutable in the Cycloid API), which destroys the current key. Remove prevent_destroy to allow it, or change the configuration back.',
      }),
      warning('Deprecated attribute', { file: 'main.tf', line: 3, detail: 'The attribute "organization" is deprecated: use "organization_canonical".' }),
    ],
  }),
  mixed: plan({
    changes: [createCi, updateBot, replaceDeploy, rotateAudit, deleteLegacy, noopSteady],
    outputs: outputChanges,
    diagnostics: [warning('Key without description', { file: 'keys.tf.json', address: addr('ci'), detail: 'Describe what the key is for, so the next person knows whether it can be revoked.' })],
  }),
  'odd-values': plan({
    changes: [createOdd, updateOdd, replaceNested, deleteOdd],
    outputs: [
      { name: 'clé 🔑', action: 'create', after: { 'a b': ['x\u0007', UNKNOWN], c: {} }, sensitive: false },
      { name: 'gone', action: 'delete', before: [{ k: 'v' }, []], sensitive: false },
      { name: 'shape', action: 'update', before: 'text', after: ['now', 'list'], sensitive: false },
    ],
  }),
  destroy: plan({
    mode: 'destroy',
    changes: [
      { ...deleteLegacy, reason: 'destroy mode: every key in the state will be deleted and its token revoked', actionReason: undefined },
      change({ address: addr('bot'), action: 'delete', before: botBefore, reason: 'destroy mode: every key in the state will be deleted and its token revoked', security: compareRules(rulesOf(botBefore), []) }),
    ],
  }),
};

/** A fixed clock for events. */
export const CLOCK = (): Date => new Date('2025-01-02T03:04:05.000Z');
