/** Canonical form of rule lists, so that two lists granting the same rules compare equal. */
import type { Rule } from './rule.js';

/** Code-unit order: stable across locales. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rule with its resources sorted and de-duplicated; an empty resources array is dropped. */
export function normaliseRule(rule: Rule): Rule {
  const resources = [...new Set(rule.resources ?? [])].sort(compareStrings);
  return resources.length > 0
    ? { action: rule.action, effect: rule.effect, resources }
    : { action: rule.action, effect: rule.effect };
}

/** A stable string key: equal for rules that are equal once normalised. */
export function ruleKey(rule: Rule): string {
  const n = normaliseRule(rule);
  return JSON.stringify([n.action, n.effect, n.resources ?? []]);
}

/** Normalised rules, duplicates removed, sorted by action, then resources, then effect. */
export function normaliseRules(rules: readonly Rule[]): Rule[] {
  const byKey = new Map<string, Rule>();
  for (const rule of rules) {
    const n = normaliseRule(rule);
    const key = ruleKey(n);
    if (!byKey.has(key)) byKey.set(key, n);
  }
  return [...byKey.values()].sort(compareRuleOrder);
}

function compareRuleOrder(a: Rule, b: Rule): number {
  return compareStrings(a.action, b.action) || compareLists(a.resources ?? [], b.resources ?? []) || compareStrings(a.effect, b.effect);
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i] ?? '', b[i] ?? '');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
