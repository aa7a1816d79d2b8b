/**
 * Comparing two rule lists for a reviewer: which rules were added and removed, and whether the change
 * grants anything that was not granted before (broadened) or stops granting something (narrowed).
 */
import { globCovers, globsCover } from './glob-cover.js';
import { normaliseRules, ruleKey } from './normalise.js';
import { grants, hasResources, type Rule } from './rule.js';
import { appliesToEveryEntity, ruleScope, rulesCover } from './rule-cover.js';

/** Why a rule broadens the permissions. */
export type FindingKind = 'new-action' | 'wider-action' | 'all-entities' | 'wider-resources' | 'full-wildcard';

export interface RuleFinding {
  /** The rule of `after` (normalised) that grants more than `before` did. */
  rule: Rule;
  kind: FindingKind;
  /** Plain words for a reviewer. */
  message: string;
}

export interface RuleComparison {
  /** Rules of `after` whose normalised form is not in `before`. */
  added: Rule[];
  /** Rules of `before` whose normalised form is not in `after`. */
  removed: Rule[];
  /** Some rule of `after` is not covered by the rules of `before`. */
  broadened: boolean;
  /** Some rule of `before` is not covered by the rules of `after`. */
  narrowed: boolean;
  /** One finding per rule of `after` that broadens the permissions. */
  findings: RuleFinding[];
}

/** Compares two rule lists; order, duplicates and empty resource arrays make no difference. */
export function compareRules(before: readonly Rule[], after: readonly Rule[]): RuleComparison {
  const old = normaliseRules(before);
  const now = normaliseRules(after);
  const oldKeys = new Set(old.map(ruleKey));
  const nowKeys = new Set(now.map(ruleKey));
  const added = now.filter((r) => !oldKeys.has(ruleKey(r)));
  const removed = old.filter((r) => !nowKeys.has(ruleKey(r)));
  const findings = added.filter((r) => !rulesCover(old, r)).map((r) => explain(r, old));
  const narrowed = removed.some((r) => !rulesCover(now, r));
  return { added, removed, broadened: findings.length > 0, narrowed, findings };
}

/** Says why `rule` is not covered by `before`. */
function explain(rule: Rule, before: readonly Rule[]): RuleFinding {
  const granting = before.filter(grants);
  const action = rule.action;
  const on = onWhat(rule);
  if (!globsCover(granting.map((r) => r.action), action)) {
    if (globCovers(action, 'organization:**')) {
      const what = globCovers(action, '**') ? 'every action, in every organization' : 'every action in the organization';
      return { rule, kind: 'full-wildcard', message: `\`${action}\` grants ${what}, ${on}` };
    }
    const widened = granting.find((r) => globCovers(action, r.action));
    if (widened !== undefined) {
      return {
        rule,
        kind: 'wider-action',
        message: `\`${action}\` is wider than \`${widened.action}\`: it grants actions no rule granted before, ${on}`,
      };
    }
    const message = action.includes('*')
      ? `\`${action}\` grants actions no rule granted before, ${on}`
      : `\`${action}\` is a new action: no rule granted it before; it applies ${on}`;
    return { rule, kind: 'new-action', message };
  }
  // The action was granted before, but not on all of these entities.
  if (appliesToEveryEntity(rule)) {
    const noun = entityNoun(action);
    const hadResources = granting.some((r) => r.action === action && hasResources(r));
    const message = !hasResources(rule)
      ? hadResources
        ? `rule for \`${action}\` lost its resources: it now applies to every ${noun}`
        : `rule for \`${action}\` has no resources: it applies to every ${noun}, where earlier rules were limited to some`
      : `rule for \`${action}\` has resources that match every ${noun}: it applies to every ${noun}`;
    return { rule, kind: 'all-entities', message };
  }
  const scopes = granting.filter((r) => globCovers(r.action, action)).flatMap((r) => [...ruleScope(r)]);
  const wider = ruleScope(rule).filter((r) => !globsCover(scopes, r));
  const listed = wider.length > 0 ? wider : ruleScope(rule);
  return {
    rule,
    kind: 'wider-resources',
    message: `rule for \`${action}\` now also applies to ${quoteList(listed)}, which no earlier rule for this action reached`,
  };
}

/** "on every credential" or "on `a`, `b`". */
function onWhat(rule: Rule): string {
  return appliesToEveryEntity(rule) ? `on every ${entityNoun(rule.action)}` : `on ${quoteList(ruleScope(rule))}`;
}

/** The kind of entity an action is about: `credential` for `organization:credential:read`, else "entity". */
function entityNoun(action: string): string {
  const segments = action.split(':');
  const last = segments[segments.length - 1];
  const noun = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  if (noun === undefined || noun.length === 0 || noun.includes('*') || last === '**') return 'entity';
  return noun.replace(/_/g, ' ');
}

function quoteList(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
