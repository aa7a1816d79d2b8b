/**
 * Cycloid permission rules and globs: matching, syntax checks, coverage and rule-list comparison.
 * Pure (no I/O); shared by the emulator (authorization) and the planner (review of rule changes).
 */
export type { Rule } from './rule.js';
export { grants, hasResources } from './rule.js';
export { MAX_GLOB_LENGTH, checkAction, checkGlob } from './glob-check.js';
export { globMatches } from './glob-match.js';
export { globCovers, globsCover, uncoveredExample } from './glob-cover.js';
export { actionScope, isAllowed, scopeAllows, type ActionScope } from './is-allowed.js';
export { entityFor } from './entity.js';
export { compareStrings, normaliseRule, normaliseRules, ruleKey } from './normalise.js';
export { appliesToEveryEntity, ruleCovers, ruleScope, rulesCover, scopeCovers } from './rule-cover.js';
export { compareRules, type FindingKind, type RuleComparison, type RuleFinding } from './compare-rules.js';
export { checkRules } from './rule-check.js';
