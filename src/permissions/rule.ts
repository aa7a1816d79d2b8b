/** A permission rule of an API key or role (API-NOTES: "Rule"). */
export interface Rule {
  /** A policy code or a glob over policy codes, e.g. `organization:credential:read`, `organization:**`. */
  action: string;
  /** The only effect there is: permissions are additive, there are no deny rules. */
  effect: 'allow';
  /** Globs over entities, e.g. `organization:acme:credential:cy-*`; absent or empty = every entity. */
  resources?: string[];
}

/** True when the rule grants anything at all (its effect is `allow`; data read from JSON may say otherwise). */
export function grants(rule: Rule): boolean {
  return rule.effect === 'allow';
}

/** True when the rule names resources, i.e. it does not apply to every entity. */
export function hasResources(rule: Rule): rule is Rule & { resources: string[] } {
  return Array.isArray(rule.resources) && rule.resources.length > 0;
}
