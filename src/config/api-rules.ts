/**
 * The Cycloid API's own rules for attribute values, checked wherever a value is known before apply (a literal,
 * or a template once evaluated) so that a plan never proposes what the API would refuse with a 422.
 * Keys are schema paths: `rules[].action` is the action of every rule.
 */
import { checkGlob } from '../permissions/index.js';
import { CANONICAL_PATTERN, canonicalFromName, isCanonical } from '../canonical.js';

export type ValueRule = (value: string) => string | undefined;

const CANONICAL_RULE = 'a canonical is 3 to 100 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit';

const canonical: ValueRule = (v) => (isCanonical(v) ? undefined : CANONICAL_RULE);
const username: ValueRule = (v) =>
  v.length >= 3 && v.length <= 30 && CANONICAL_PATTERN.test(v) ? undefined : 'a username is 3 to 30 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit';

const API_KEY_RULES: ReadonlyMap<string, ValueRule> = new Map<string, ValueRule>([
  ['name', (v) => (v.length >= 3 ? undefined : 'a name is at least 3 characters long')],
  ['canonical', canonical],
  ['organization_canonical', canonical],
  ['owner', username],
  ['rules[].effect', (v) => (v === 'allow' ? undefined : 'Cycloid rules only allow: there are no deny rules')],
  ['rules[].action', checkGlob],
  ['rules[].resources[]', checkGlob],
]);

/**
 * Rules arranged along the schema: a node per attribute (`[]` for the elements of a list or map), so a
 * checker walking a value finds the rule of each position without building path strings.
 */
export interface RuleTree {
  rule?: ValueRule;
  /** What the value is called in messages: `effect`, `resource` (an element of `resources`). */
  label: string;
  children: Map<string, RuleTree>;
}

export const NO_RULES: RuleTree = { label: 'value', children: new Map() };

function ruleTree(rules: ReadonlyMap<string, ValueRule>): RuleTree {
  const root: RuleTree = { label: 'value', children: new Map() };
  for (const [path, rule] of rules) {
    let node = root;
    let label = 'value';
    for (const segment of path.replace(/\[\]/g, '.[]').split('.')) {
      label = segment === '[]' ? label.replace(/s$/, '') : segment;
      let child = node.children.get(segment);
      if (!child) {
        child = { label, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.rule = rule;
  }
  return root;
}

const API_KEY_TREE = ruleTree(API_KEY_RULES);

/** The value rules of a resource type (none for a type without any). */
export function apiRules(type: string): RuleTree {
  return type === 'cycloid_organization_api_key' ? API_KEY_TREE : NO_RULES;
}

/** The canonical the API derives from a name (API-NOTES), and why it cannot be used when it is not valid. */
export function derivedCanonical(name: string): { canonical: string; problem?: string } {
  const derived = canonicalFromName(name);
  return isCanonical(derived) ? { canonical: derived } : { canonical: derived, problem: CANONICAL_RULE };
}

/** `"value"` for a message, shortened when long. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
