/** Authorization: do some rules allow an action on a concrete entity? */
import { globMatches } from './glob-match.js';
import { grants, hasResources, type Rule } from './rule.js';

/**
 * True when some rule's action glob matches `action` and the rule either has no resources (every entity)
 * or one of its resource globs matches `resource`. Empty `action` or `resource` is never allowed.
 */
export function isAllowed(rules: readonly Rule[], action: string, resource: string): boolean {
  if (action.length === 0 || resource.length === 0) return false;
  for (const rule of rules) {
    if (!grants(rule) || !globMatches(rule.action, action)) continue;
    if (!hasResources(rule)) return true;
    if (rule.resources.some((r) => globMatches(r, resource))) return true;
  }
  return false;
}

/** Where some rules allow one action: on every entity, or on the entities matched by some resource globs. */
export type ActionScope = { every: true } | { every: false; resources: readonly string[] };

/**
 * The scope of `action` under `rules`, computed once so that many entities can be checked against it
 * (`scopeAllows`) without matching the action again for each: the emulator's list filter uses it.
 */
export function actionScope(rules: readonly Rule[], action: string): ActionScope {
  const resources: string[] = [];
  if (action.length === 0) return { every: false, resources };
  for (const rule of rules) {
    if (!grants(rule) || !globMatches(rule.action, action)) continue;
    if (!hasResources(rule)) return { every: true };
    resources.push(...rule.resources);
  }
  return { every: false, resources };
}

/** True when the scope includes `resource`; `isAllowed(rules, a, r)` equals `scopeAllows(actionScope(rules, a), r)`. */
export function scopeAllows(scope: ActionScope, resource: string): boolean {
  if (resource.length === 0) return false;
  return scope.every || scope.resources.some((r) => globMatches(r, resource));
}
