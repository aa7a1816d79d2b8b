/** Rule coverage: does one rule (or a set of rules) grant everything another rule grants? */
import { globsCover } from './glob-cover.js';
import { grants, hasResources, type Rule } from './rule.js';

/** Every entity: the scope of a rule without resources. */
const EVERY_ENTITY: readonly string[] = ['**'];

/** The resource globs a rule applies to; `**` (every entity) when it names none. */
export function ruleScope(rule: Rule): readonly string[] {
  return hasResources(rule) ? rule.resources : EVERY_ENTITY;
}

/** True when the rule applies to every entity: no resources, or resources that cover everything. */
export function appliesToEveryEntity(rule: Rule): boolean {
  return !hasResources(rule) || globsCover(rule.resources, '**');
}

/** True when every resource `b` applies to is one `a` applies to. */
export function scopeCovers(a: Rule, b: Rule): boolean {
  const scope = ruleScope(a);
  return ruleScope(b).every((r) => globsCover(scope, r));
}

/** True when `a` grants every (action, resource) that `b` grants. */
export function ruleCovers(a: Rule, b: Rule): boolean {
  if (!grants(b)) return true;
  return grants(a) && globsCover([a.action], b.action) && scopeCovers(a, b);
}

/**
 * True when `rules` together grant every (action, resource) that `rule` grants: for each resource glob of
 * `rule`, its action is covered by the union of the actions of the rules whose scope covers that glob.
 * Sound; it may say false when a resource glob is only covered by a union of scopes of different rules.
 */
export function rulesCover(rules: readonly Rule[], rule: Rule): boolean {
  if (!grants(rule)) return true;
  const granting = rules.filter(grants);
  return ruleScope(rule).every((resource) => {
    const actions = granting.filter((r) => globsCover(ruleScope(r), resource)).map((r) => r.action);
    return globsCover(actions, rule.action);
  });
}
